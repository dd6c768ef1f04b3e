import type { DatabaseOptions } from '@app/platform';
import { LocationEntity } from './location.entity';
import { CreateLocations1763942400000 } from './migrations/1763942400000-create-locations';

/** locations-api's tables and migrations (shared by the app and the migration command). */
export function locationsApiDatabase(url: string, migrateOnStart: boolean): DatabaseOptions {
  return {
    url,
    entities: [LocationEntity],
    migrations: [CreateLocations1763942400000],
    migrationsTableName: 'locations_api_migrations',
    migrateOnStart,
  };
}
