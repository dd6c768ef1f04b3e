import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaModule, KafkaProducerHealthIndicator, kafkaSecurity, TopicAdminService, TOPICS } from '@app/messaging';
import { LoggingModule, ObservabilityModule } from '@app/platform';
import { ChargerEventsSettings } from './charger-events.settings';
import { ConnectorMemoryConsumer } from './connector-memory/connector-memory.consumer';
import { EvseRegistryConsumer } from './evse-registry/evse-registry.consumer';
import { IngestMetricsModule } from './metrics/ingest-metrics.module';
import { StatusEventsModule } from './status-events/status-events.module';

@Module({})
export class AppModule {
  static forRoot(settings: ChargerEventsSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // No request logs: the status events, thousands a second, are counted by the ingest metrics and a Kafka
        // 503 is logged with its correlation id. A request log and context cost 17 µs of CPU an event (single
        // events: 0.88 of the requests/s, A/B); health and metrics go unlogged anyway.
        LoggingModule.forRoot(settings.LOG_LEVEL, { requests: false }),
        // Not ready until the EVSE registry and the connector memory have read their topics, nor while the producer reaches no leader or a topic differs from the settings.
        ObservabilityModule.forRoot({
          database: false,
          kafka: true,
          indicators: [EvseRegistryConsumer, ConnectorMemoryConsumer, KafkaProducerHealthIndicator, TopicAdminService],
        }),
        KafkaModule.forRoot({
          clientId: 'charger-events',
          brokers: settings.KAFKA_BROKERS.split(','),
          topicPartitions: settings.KAFKA_TOPIC_PARTITIONS,
          topicReplicationFactor: settings.KAFKA_TOPIC_REPLICATION_FACTOR,
          topicMinInsyncReplicas: settings.KAFKA_TOPIC_MIN_INSYNC_REPLICAS,
          security: kafkaSecurity(settings),
          producerThread: true,
          publishTimeoutMs: settings.KAFKA_ACK_TIMEOUT_MS,
          producedTopics: [TOPICS.evseStatus, TOPICS.connectorMemory],
        }),
        IngestMetricsModule,
        StatusEventsModule,
      ],
      providers: [{ provide: ChargerEventsSettings, useValue: settings }],
      exports: [ChargerEventsSettings],
    };
  }
}
