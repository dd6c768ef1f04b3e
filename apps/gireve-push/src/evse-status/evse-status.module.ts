import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { EvseStatusOutboxService } from './evse-status-outbox.service';

@Module({
  imports: [DeliveryModule],
  providers: [EvseStatusOutboxService],
  exports: [EvseStatusOutboxService],
})
export class EvseStatusModule {}
