// Imported first by main.ts: the SDK, when exporting, must be up before the framework loads node:http.
import { startTracing } from '@app/platform/tracing/start-tracing';

startTracing('iop-simulator');
