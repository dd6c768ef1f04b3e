import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadSettings } from '../config/load-settings';

interface HttpSettings {
  PORT: number;
  HOST: string;
}

/**
 * The start sequence every app shares: validated settings (refuse to start on
 * bad ones), JSON logger, shutdown hooks, listen, and print where it listens.
 */
export async function bootstrapApp<S extends HttpSettings>(
  name: string,
  settingsClass: new () => S,
  appModule: (settings: S) => DynamicModule,
  configure: (app: INestApplication, settings: S) => void = () => undefined,
): Promise<INestApplication> {
  const settings = loadSettings(settingsClass);
  const app = await NestFactory.create(appModule(settings), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  configure(app, settings);
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
