import type { DatabaseOptions } from '@app/platform';
import { EvsePushState } from './evse-push-state.entity';
import { CreateEvsePushState1763942400000 } from './migrations/1763942400000-create-evse-push-state';

/** gireve-push's tables and migrations (shared by the app and the migration command). */
export function girevePushDatabase(url: string, migrateOnStart: boolean): DatabaseOptions {
  return {
    url,
    entities: [EvsePushState],
    migrations: [CreateEvsePushState1763942400000],
    migrationsTableName: 'gireve_push_migrations',
    migrateOnStart,
  };
}
