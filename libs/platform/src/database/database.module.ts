import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { DroppingClient } from './dropping-client';
import { ensureDatabase } from './ensure-database';

export interface DatabaseOptions {
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  /** Each app owns its tables and migrations, so each keeps its own migrations table. */
  migrationsTableName: string;
  /** Dev and tests migrate at start; production runs the migration job instead. */
  migrateOnStart: boolean;
  /** DATABASE_QUERY_TIMEOUT_MS: see DroppingClient. */
  queryTimeoutMs?: number;
}

/** The options the app and the migration CLI share, so the two never drift. */
export function dataSourceOptions(options: Omit<DatabaseOptions, 'migrateOnStart'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: options.migrationsTableName,
    synchronize: false,
  };
}

/** How often, and how far apart, the app tries to reach PostgreSQL at start (about a minute) before it gives up and exits. */
const START_ATTEMPTS = 20;
const START_RETRY_DELAY_MS = 3000;

/** The pool options that keep a silent connection from stalling the app (see DroppingClient). */
function connectionTimeouts(queryTimeoutMs: number | undefined): Record<string, unknown> {
  if (queryTimeoutMs === undefined) return {};
  // connectionTimeoutMillis: a connection opened into a silent wire never gets its startup answered either.
  return { Client: DroppingClient, query_timeout: queryTimeoutMs, connectionTimeoutMillis: queryTimeoutMs, idle_in_transaction_session_timeout: queryTimeoutMs, keepAlive: true };
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(options),
            migrationsRun: options.migrateOnStart,
            extra: { max: 20, ...connectionTimeouts(options.queryTimeoutMs) },
            retryAttempts: START_ATTEMPTS,
            retryDelay: START_RETRY_DELAY_MS,
            verboseRetryLog: true,
          }),
          // Inside @nestjs/typeorm's retry: PostgreSQL restarting or out of reach when the app starts delays
          // the start instead of ending the process (a worker restarted during a database failover).
          dataSourceFactory: async (dataSourceOptions) => {
            await ensureDatabase(options.url, options.queryTimeoutMs);
            const dataSource = new DataSource(dataSourceOptions!);
            try {
              return await dataSource.initialize();
            } catch (error) {
              if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
              throw error;
            }
          },
        }),
      ],
    };
  }
}
