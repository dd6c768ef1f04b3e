import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { LocationStoreService } from './location-store.service';
import { OcpiLocationFormat } from './ocpi-location-format';

/** The CPO's Locations as stored (system of record) and their OCPI format. */
@Module({
  imports: [OutboxModule],
  providers: [LocationStoreService, OcpiLocationFormat],
  exports: [LocationStoreService, OcpiLocationFormat],
})
export class LocationStoreModule {}
