export * from './topics';
export * from './contracts/validate-message';
export * from './contracts/evse-status-event.v1';
export * from './contracts/location-changed.v1';
export * from './kafka/kafka-options';
export * from './kafka/kafka.module';
export * from './kafka/kafka-producer.service';
export * from './kafka/topic-admin.service';
