import type { DatabaseOptions } from '@app/platform/database';
import { IopRegistrationEntity } from '@app/registration';
import { EvsePushState } from './evse-push-state.entity';
import { EvseStatusQueueEntry } from './evse-status-queue.entity';
import { LocationPushState } from './location-push-state.entity';
import { CreatePushOutboxes1763942400000 } from './migrations/1763942400000-create-push-outboxes';
import { StatusTransitions1765000000000 } from './migrations/1765000000000-status-transitions';
import { LocationSnapshots1765100000000 } from './migrations/1765100000000-location-snapshots';
import { RefusalRepair1765200000000 } from './migrations/1765200000000-refusal-repair';
import { TraceContext1766200000000 } from './migrations/1766200000000-trace-context';
import { LocationReassert1766300000000 } from './migrations/1766300000000-location-reassert';
import { LocationBusyIndex1766400000000 } from './migrations/1766400000000-location-busy-index';
import { PushTableStorage1766500000000 } from './migrations/1766500000000-push-table-storage';

/** gireve-push's tables and migrations (shared by the app, the Check Locations command and the migration command). */
export function girevePushDatabase(url: string, migrateOnStart: boolean): DatabaseOptions {
  return {
    url,
    // iop_registration belongs to locations-api (its migrations); gireve-push only reads it.
    entities: [EvsePushState, EvseStatusQueueEntry, LocationPushState, IopRegistrationEntity],
    migrations: [
      CreatePushOutboxes1763942400000,
      StatusTransitions1765000000000,
      LocationSnapshots1765100000000,
      RefusalRepair1765200000000,
      TraceContext1766200000000,
      LocationReassert1766300000000,
      LocationBusyIndex1766400000000,
      PushTableStorage1766500000000,
    ],
    migrationsTableName: 'gireve_push_migrations',
    migrateOnStart,
  };
}
