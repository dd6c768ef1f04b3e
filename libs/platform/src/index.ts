export * from './config/setting.decorator';
export * from './config/load-settings';
export * from './config/common-settings';
export * from './database/ensure-database';
export * from './logging/logging.module';
export * from './security/tokens';
export * from './database/database.module';
export * from './bootstrap/bootstrap-app';
