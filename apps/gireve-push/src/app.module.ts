import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaModule } from '@app/messaging';
import { DatabaseModule, LoggingModule } from '@app/platform';
import { girevePushDatabase } from './database/gireve-push-database';
import { EvseStatusModule } from './evse-status/evse-status.module';
import { GirevePushSettings } from './gireve-push.settings';

@Module({})
export class AppModule {
  static forRoot(settings: GirevePushSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(settings.LOG_LEVEL),
        DatabaseModule.forRoot(girevePushDatabase(settings.DATABASE_URL, settings.DATABASE_MIGRATE_ON_START === 'true')),
        KafkaModule.forRoot({ clientId: 'gireve-push', brokers: settings.KAFKA_BROKERS.split(','), topicPartitions: settings.KAFKA_TOPIC_PARTITIONS }),
        EvseStatusModule,
      ],
      providers: [{ provide: GirevePushSettings, useValue: settings }],
      exports: [GirevePushSettings],
    };
  }
}
