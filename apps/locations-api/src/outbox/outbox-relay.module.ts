import { Module } from '@nestjs/common';
import { LocationOutboxRelay } from './location-outbox.relay';
import { OutboxModule } from './outbox.module';

/** Publishes the outbox to Kafka (the app only; needs KafkaModule). */
@Module({
  imports: [OutboxModule],
  providers: [LocationOutboxRelay],
})
export class OutboxRelayModule {}
