import { loadSettings } from '../config/load-settings';
import { TracingSettings } from './tracing.settings';

let stop: (() => Promise<void>) | undefined;

/**
 * Starts the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set; does
 * nothing otherwise. Called by each app's tracing.ts, imported first by its
 * main.ts: the http instrumentation must patch `http` before the framework
 * loads it. Bad settings start nothing here; the app's own settings check then
 * refuses to start, naming them.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  let settings: TracingSettings;
  try {
    settings = loadSettings(TracingSettings, env);
  } catch {
    return;
  }
  if (settings.OTEL_EXPORTER_OTLP_ENDPOINT === '') return;
  // Required only when exporting: with tracing off the SDK is never even loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracingSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  stop = startTracingSdk(serviceName, settings);
}

/** Exports the spans still buffered, then stops the SDK (at shutdown). */
export async function stopTracing(): Promise<void> {
  await stop?.();
  stop = undefined;
}
