import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { loadSettings } from '../config/load-settings';

interface HttpSettings {
  PORT: number;
  HOST: string;
}

/**
 * The start sequence every app shares: validated settings (refuse to start on
 * bad ones), JSON logger, shutdown hooks, listen, and print where it listens.
 * `httpAdapter` picks the HTTP platform: Express unless the app gives another
 * (the apps on the hot HTTP path use Fastify, about 4× Express's requests/s here).
 * `transport`, a provider of the app, serves its @EventPattern handlers (a
 * Kafka consumer); it starts before HTTP listens but must not wait for its
 * broker there (KafkaBatchServer connects in the background).
 */
export async function bootstrapApp<S extends HttpSettings>(
  name: string,
  settingsClass: new () => S,
  appModule: (settings: S) => DynamicModule,
  configure: (app: INestApplication, settings: S) => void = () => undefined,
  httpAdapter?: (settings: S) => AbstractHttpAdapter,
  transport?: Type<CustomTransportStrategy>,
): Promise<INestApplication> {
  const settings = loadSettings(settingsClass);
  const module = appModule(settings);
  const app = httpAdapter ? await NestFactory.create(module, httpAdapter(settings), { bufferLogs: true }) : await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  configure(app, settings);
  if (transport) {
    // Not inheritAppConfig: the apps' global filters answer HTTP and would break on an RPC error. Started after every init hook.
    app.connectMicroservice({ strategy: app.get(transport) });
    await app.init();
    await app.startAllMicroservices();
  }
  await app.listen(settings.PORT, settings.HOST);
  app.get(Logger).log(`${name} listening on http://${settings.HOST}:${settings.PORT}`);
  return app;
}

/** Runs bootstrapApp and exits non-zero, with the reason, if the app cannot start. */
export function runApp<S extends HttpSettings>(...args: Parameters<typeof bootstrapApp<S>>): void {
  bootstrapApp(...args).catch((error: unknown) => {
    console.error(`${args[0]} failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
