import { Module } from '@nestjs/common';
import { KafkaBatchServer } from '@app/messaging';
import { LocationStoreModule } from '../location-store/location-store.module';
import { OutboxModule } from '../outbox/outbox.module';
import { EvseStatusController } from './evse-status.controller';
import { EvseStatusService } from './evse-status.service';
import { evseStatusTransport } from './evse-status.transport';

@Module({
  imports: [LocationStoreModule, OutboxModule],
  controllers: [EvseStatusController],
  providers: [evseStatusTransport, EvseStatusService],
  exports: [KafkaBatchServer],
})
export class EvseStatusModule {}
