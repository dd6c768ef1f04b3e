// The database helpers, imported as @app/platform/database: apart from the rest
// of @app/platform so that apps without a database (charger-events) never load
// TypeORM and pg (some 20 MB of RSS).
export * from './ensure-database';
export * from './database.module';
export * from './dropping-client';
export * from './run-migrations';
