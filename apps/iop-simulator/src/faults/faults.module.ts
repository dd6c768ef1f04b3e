import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { RecorderModule } from '../recorder/recorder.module';
import { FaultInjectionMiddleware } from './fault-injection.middleware';
import { FaultsController } from './faults.controller';
import { FaultsService } from './faults.service';
import { InflightStatsService } from './inflight-stats.service';

@Module({
  imports: [RecorderModule],
  controllers: [FaultsController],
  providers: [FaultsService, InflightStatsService, FaultInjectionMiddleware],
})
export class FaultsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FaultInjectionMiddleware).forRoutes('ocpi/*path');
  }
}
