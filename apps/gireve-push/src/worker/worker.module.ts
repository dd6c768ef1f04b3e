import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EvseStatusModule } from '../evse-status/evse-status.module';
import { IntakeController } from '../intake/intake.controller';
import { intakeTransport } from '../intake/intake.transport';
import { LocationsModule } from '../locations/locations.module';
import { BacklogMonitorService } from '../metrics/backlog-monitor.service';
import { PushWorkerService } from './push-worker.service';

/** The running replica: Kafka intake, the dispatchers, and the backlog gauges. */
@Module({
  imports: [DeliveryModule, EvseStatusModule, LocationsModule, AdminModule],
  controllers: [IntakeController],
  providers: [intakeTransport, PushWorkerService, BacklogMonitorService],
})
export class WorkerModule {}
