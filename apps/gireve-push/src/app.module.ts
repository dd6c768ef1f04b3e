import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaBatchServer, KafkaModule, kafkaSecurity, TopicAdminService } from '@app/messaging';
import { LoggingModule, ObservabilityModule } from '@app/platform';
import { DatabaseModule } from '@app/platform/database';
import { AdminModule } from './admin/admin.module';
import { IopHealthIndicator } from './delivery/iop-health.indicator';
import { girevePushDatabase } from './database/gireve-push-database';
import { GirevePushSettings } from './gireve-push.settings';
import { PushMetricsModule } from './metrics/push-metrics.module';
import { WorkerModule } from './worker/worker.module';

@Module({})
export class AppModule {
  static forRoot(settings: GirevePushSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(settings.LOG_LEVEL),
        ObservabilityModule.forRoot({ database: true, kafka: true, indicators: [IopHealthIndicator, TopicAdminService, KafkaBatchServer] }),
        DatabaseModule.forRoot({ ...girevePushDatabase(settings.DATABASE_URL, settings.DATABASE_MIGRATE_ON_START === 'true'), queryTimeoutMs: settings.DATABASE_QUERY_TIMEOUT_MS }),
        KafkaModule.forRoot({
          clientId: 'gireve-push',
          brokers: settings.KAFKA_BROKERS.split(','),
          topicPartitions: settings.KAFKA_TOPIC_PARTITIONS,
          topicReplicationFactor: settings.KAFKA_TOPIC_REPLICATION_FACTOR,
          topicMinInsyncReplicas: settings.KAFKA_TOPIC_MIN_INSYNC_REPLICAS,
          security: kafkaSecurity(settings),
        }),
        PushMetricsModule,
        AdminModule,
        WorkerModule,
      ],
      providers: [{ provide: GirevePushSettings, useValue: settings }],
      exports: [GirevePushSettings],
    };
  }
}
