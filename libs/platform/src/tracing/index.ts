export * from './tracing.settings';
export * from './trace-context';
export * from './trace-log-fields';
export { stopTracing } from './start-tracing';
