import { dataSourceOptions, dropDatabase } from '@app/platform/database';
import { runBuiltCommand } from '@app/testing';
import { DataSource } from 'typeorm';
import { girevePushDatabase } from '../src/database/gireve-push-database';
import type { GirevePushSettings } from '../src/gireve-push.settings';

/** The settings the outbox services read, for specs that build them without the app. */
export const OUTBOX_SETTINGS = { STATUS_DELIVERY: 'transitions', STATUS_REASSERT_AFTER_MS: 60_000 } as GirevePushSettings;

/**
 * A database of its own, migrated as deployed (locations-api's migrations
 * first, for iop_registration), for specs that drive gireve-push's outbox
 * services directly, statement by statement, on several connections.
 */
export class OutboxDatabase {
  readonly url: string;
  db!: DataSource;

  constructor(name: string) {
    this.url = `${process.env.TEST_DATABASE_URL}_${name}`;
  }

  async setUp(): Promise<DataSource> {
    const env = { DATABASE_URL: this.url, DATABASE_MIGRATE_ON_START: 'false' };
    for (const command of ['apps/locations-api/src/migrate.js', 'apps/gireve-push/src/migrate.js']) {
      const { code, output } = await runBuiltCommand(command, env);
      if (code !== 0) throw new Error(`${command} failed: ${output}`);
    }
    this.db = new DataSource(dataSourceOptions(girevePushDatabase(this.url, false)));
    await this.db.initialize();
    return this.db;
  }

  async tearDown(): Promise<void> {
    await this.db?.destroy();
    await dropDatabase(this.url);
  }

  /** Whether a statement of this database waits for a lock another transaction holds. */
  async lockWaits(): Promise<boolean> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    return row.n > 0;
  }
}
