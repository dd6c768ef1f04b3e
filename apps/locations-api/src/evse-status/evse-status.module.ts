import { Module } from '@nestjs/common';
import { LocationStoreModule } from '../location-store/location-store.module';
import { OutboxModule } from '../outbox/outbox.module';
import { EvseStatusConsumer } from './evse-status.consumer';
import { EvseStatusService } from './evse-status.service';

@Module({
  imports: [LocationStoreModule, OutboxModule],
  providers: [EvseStatusConsumer, EvseStatusService],
})
export class EvseStatusModule {}
