export * from './poll-until';
export * from './app-process';
export * from './test-infrastructure';
export * from './free-port';
export * from './openapi-document';
export * from './locations-topic';
export * from './built-command';
export * from './tcp-proxy';
