import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { KafkaModule } from '@app/messaging';
import { LoggingModule, ObservabilityModule } from '@app/platform';
import { ChargerEventsSettings } from './charger-events.settings';
import { StatusEventsModule } from './status-events/status-events.module';

@Module({})
export class AppModule {
  static forRoot(settings: ChargerEventsSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(settings.LOG_LEVEL),
        ObservabilityModule.forRoot({ database: false, kafka: true }),
        KafkaModule.forRoot({ clientId: 'charger-events', brokers: settings.KAFKA_BROKERS.split(','), topicPartitions: settings.KAFKA_TOPIC_PARTITIONS }),
        StatusEventsModule,
      ],
      providers: [
        { provide: ChargerEventsSettings, useValue: settings },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
      ],
      exports: [ChargerEventsSettings],
    };
  }
}
