import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { KafkaBatchServer, KafkaModule, KafkaProducerHealthIndicator, kafkaSecurity, TopicAdminService, TOPICS } from '@app/messaging';
import { LoggingModule, ObservabilityModule } from '@app/platform';
import { DatabaseModule } from '@app/platform/database';
import { CredentialsModule } from './credentials/credentials.module';
import { locationsApiDatabase } from './database/locations-api-database';
import { EvseStatusModule } from './evse-status/evse-status.module';
import { LocationsAdminModule } from './locations-admin/locations-admin.module';
import { LocationsApiSettings } from './locations-api.settings';
import { LocationsModule } from './locations/locations.module';
import { LocationsMetricsModule } from './metrics/locations-metrics.module';
import { HttpErrorFilter } from './ocpi/http-error.filter';
import { OcpiModule } from './ocpi/ocpi.module';
import { RequestIdMiddleware } from './ocpi/request-id.middleware';
import { OutboxRelayModule } from './outbox/outbox-relay.module';
import { VersionsModule } from './versions/versions.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(settings: LocationsApiSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(settings.LOG_LEVEL),
        // The outbox relay's producer must reach a leader for the Locations topic, the topics match the settings, and the status consumer is in its group.
        ObservabilityModule.forRoot({ database: true, kafka: true, indicators: [KafkaProducerHealthIndicator, TopicAdminService, KafkaBatchServer] }),
        DatabaseModule.forRoot({ ...locationsApiDatabase(settings.DATABASE_URL, settings.DATABASE_MIGRATE_ON_START === 'true'), queryTimeoutMs: settings.DATABASE_QUERY_TIMEOUT_MS }),
        KafkaModule.forRoot({
          clientId: 'locations-api',
          brokers: settings.KAFKA_BROKERS.split(','),
          topicPartitions: settings.KAFKA_TOPIC_PARTITIONS,
          topicReplicationFactor: settings.KAFKA_TOPIC_REPLICATION_FACTOR,
          topicMinInsyncReplicas: settings.KAFKA_TOPIC_MIN_INSYNC_REPLICAS,
          security: kafkaSecurity(settings),
          producedTopics: [TOPICS.locations],
        }),
        LocationsMetricsModule,
        OcpiModule,
        VersionsModule,
        CredentialsModule,
        LocationsModule,
        LocationsAdminModule,
        OutboxRelayModule,
        EvseStatusModule,
      ],
      providers: [
        { provide: LocationsApiSettings, useValue: settings },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
      exports: [LocationsApiSettings],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware).forRoutes('ocpi/*path');
  }
}
