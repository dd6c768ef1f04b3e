import { loadSettings } from '@app/platform';
import { migrateAndExit } from '@app/platform/database';
import { locationsApiDatabase } from './database/locations-api-database';
import { LocationsApiSettings } from './locations-api.settings';

/** `node dist/apps/locations-api/src/migrate.js`: the migration job's step for locations-api's tables (run it first: gireve-push reads iop_registration). */
migrateAndExit('locations-api', () => locationsApiDatabase(loadSettings(LocationsApiSettings).DATABASE_URL, false));
