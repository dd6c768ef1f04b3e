import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IopModule } from '../iop/iop.module';
import { IopHealthIndicator } from './iop-health.indicator';
import { IopTrafficService } from './iop-traffic.service';

/** The shared path of every request to the IOP (limits, breaker, pauses), and its health. */
@Module({
  imports: [IopModule, TerminusModule],
  providers: [IopTrafficService, IopHealthIndicator],
  exports: [IopModule, IopTrafficService, IopHealthIndicator],
})
export class DeliveryModule {}
