import { loadSettings } from '@app/platform';
import { migrateAndExit } from '@app/platform/database';
import { girevePushDatabase } from './database/gireve-push-database';
import { GirevePushSettings } from './gireve-push.settings';

/** `node dist/apps/gireve-push/src/migrate.js`: the migration job's step for gireve-push's tables. */
migrateAndExit('gireve-push', () => girevePushDatabase(loadSettings(GirevePushSettings).DATABASE_URL, false));
