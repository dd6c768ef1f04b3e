import { Injectable, Logger } from '@nestjs/common';
import { IopRegistrationService } from '@app/registration';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { PeriodicGaugeService } from './periodic-gauge.service';
import { PUSH_METRICS } from './push-metrics';

// A primary-key lookup: cheap enough to run as often as the backlog gauges.
const REFRESH_MS = 5_000;

/** PostgreSQL's undefined_table: locations-api's migrations never ran here, so nobody can have registered. */
const UNDEFINED_TABLE = '42P01';

/**
 * Keeps gireve_push_iop_registered up to date, so an alert can say the IOP
 * never registered (or unregistered us) even while nothing is pushed.
 */
@Injectable()
export class RegistrationMonitorService extends PeriodicGaugeService {
  private readonly logger = new Logger(RegistrationMonitorService.name);

  constructor(
    private readonly registrations: IopRegistrationService,
    @InjectMetric(PUSH_METRICS.iopRegistered) private readonly registered: Gauge,
  ) {
    super(REFRESH_MS);
  }

  async refresh(): Promise<void> {
    try {
      this.registered.set((await this.registrations.current()) ? 1 : 0);
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNDEFINED_TABLE) {
        this.registered.set(0);
        return;
      }
      // A database blip is not an unregistration: the gauge keeps its last value.
      this.logger.warn({ err: error }, 'could not read the IOP registration');
    }
  }
}
