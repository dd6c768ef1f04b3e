import { Module } from '@nestjs/common';
import { RecorderModule } from '../recorder/recorder.module';
import { FaultInjectionHooks } from './fault-injection.hooks';
import { FaultsController } from './faults.controller';
import { FaultsService } from './faults.service';
import { InflightStatsService } from './inflight-stats.service';

@Module({
  imports: [RecorderModule],
  controllers: [FaultsController],
  providers: [FaultsService, InflightStatsService, FaultInjectionHooks],
})
export class FaultsModule {}
