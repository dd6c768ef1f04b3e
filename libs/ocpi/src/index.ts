export * from './common/evse-status.enum';
export * from './common/ocpi-version';
export * from './common/ocpi-datetime';
export * from './envelope/ocpi-status-code';
export * from './envelope/ocpi-response';
export * from './auth/authorization-header';
