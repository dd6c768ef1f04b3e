import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
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
          useFactory: async () => {
            await ensureDatabase(options.url);
            return { ...dataSourceOptions(options), migrationsRun: options.migrateOnStart, extra: { max: 20, ...connectionTimeouts(options.queryTimeoutMs) } };
          },
        }),
      ],
    };
  }
}
