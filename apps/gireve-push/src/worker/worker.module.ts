import { Module } from '@nestjs/common';
import { IopRegistrationModule } from '@app/registration';
import { AdminModule } from '../admin/admin.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EvseStatusModule } from '../evse-status/evse-status.module';
import { IntakeController } from '../intake/intake.controller';
import { intakeTransport } from '../intake/intake.transport';
import { LocationsModule } from '../locations/locations.module';
import { BacklogMonitorService } from '../metrics/backlog-monitor.service';
import { RegistrationMonitorService } from '../metrics/registration-monitor.service';
import { PushWorkerService } from './push-worker.service';

/** The running replica: Kafka intake, the dispatchers, and the backlog and registration gauges. */
@Module({
  imports: [DeliveryModule, EvseStatusModule, LocationsModule, AdminModule, IopRegistrationModule],
  controllers: [IntakeController],
  providers: [intakeTransport, PushWorkerService, BacklogMonitorService, RegistrationMonitorService],
})
export class WorkerModule {}
