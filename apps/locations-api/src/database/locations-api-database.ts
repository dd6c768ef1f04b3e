import type { DatabaseOptions } from '@app/platform/database';
import { IopRegistrationEntity } from '@app/registration';
import { LocationOutboxEntity } from './location-outbox.entity';
import { LocationEntity } from './location.entity';
import { CreateLocations1763942400000 } from './migrations/1763942400000-create-locations';
import { SenderRegistrationOutbox1764000000000 } from './migrations/1764000000000-sender-registration-outbox';
import { LocationRevisions1765100000000 } from './migrations/1765100000000-location-revisions';
import { PullUnpublished1766000000000 } from './migrations/1766000000000-pull-unpublished';
import { IopUnregistration1766100000000 } from './migrations/1766100000000-iop-unregistration';
import { Lz4Bodies1767000000000 } from './migrations/1767000000000-lz4-bodies';
import { OcppBindingEntity } from './ocpp-binding.entity';

/** locations-api's tables and migrations (shared by the app, the import CLI and the migration command). */
export function locationsApiDatabase(url: string, migrateOnStart: boolean): DatabaseOptions {
  return {
    url,
    entities: [LocationEntity, OcppBindingEntity, LocationOutboxEntity, IopRegistrationEntity],
    migrations: [
      CreateLocations1763942400000,
      SenderRegistrationOutbox1764000000000,
      LocationRevisions1765100000000,
      PullUnpublished1766000000000,
      IopUnregistration1766100000000,
      Lz4Bodies1767000000000,
    ],
    migrationsTableName: 'locations_api_migrations',
    migrateOnStart,
  };
}
