import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/platform/database';
import { girevePushDatabase } from '../database/gireve-push-database';
import { DeliveryModule } from '../delivery/delivery.module';
import { GirevePushSettings } from '../gireve-push.settings';
import { PushMetricsModule } from '../metrics/push-metrics.module';
import { CheckLocationsService } from './check-locations.service';

/** What the Check Locations command needs: the outboxes' database and the IOP client, no Kafka, no HTTP server. */
@Module({})
export class CheckLocationsModule {
  static forRoot(settings: GirevePushSettings): DynamicModule {
    return {
      module: CheckLocationsModule,
      global: true,
      imports: [DatabaseModule.forRoot({ ...girevePushDatabase(settings.DATABASE_URL, false), queryTimeoutMs: settings.DATABASE_QUERY_TIMEOUT_MS }), PushMetricsModule, DeliveryModule],
      providers: [{ provide: GirevePushSettings, useValue: settings }, CheckLocationsService],
      exports: [GirevePushSettings],
    };
  }
}
