import { Module } from '@nestjs/common';
import { LocationOutboxService } from './location-outbox.service';

/** The write side of the outbox (also used by the import CLI, which has no Kafka). */
@Module({
  providers: [LocationOutboxService],
  exports: [LocationOutboxService],
})
export class OutboxModule {}
