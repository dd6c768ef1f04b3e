import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { LocationOutboxService } from './location-outbox.service';

@Module({
  imports: [DeliveryModule],
  providers: [LocationOutboxService],
  exports: [LocationOutboxService],
})
export class LocationsModule {}
