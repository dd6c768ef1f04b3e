import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { ParkedService } from '../admin/parked.service';
import { PeriodicGaugeService } from './periodic-gauge.service';
import { PUSH_METRICS } from './push-metrics';

const REFRESH_MS = 5_000;

/**
 * Refreshes the store-and-forward gauges from the outboxes. The outboxes are
 * shared, so every replica reports the same totals (aggregate with max()).
 */
@Injectable()
export class BacklogMonitorService extends PeriodicGaugeService {
  private readonly logger = new Logger(BacklogMonitorService.name);

  constructor(
    private readonly parked: ParkedService,
    @InjectMetric(PUSH_METRICS.pending) private readonly pending: Gauge<'kind'>,
    @InjectMetric(PUSH_METRICS.parked) private readonly parkedObjects: Gauge<'kind'>,
    @InjectMetric(PUSH_METRICS.oldestPendingAge) private readonly oldestAge: Gauge<'kind'>,
  ) {
    super(REFRESH_MS);
  }

  async refresh(): Promise<void> {
    try {
      for (const kind of ['evse_status', 'location'] as const) {
        const backlog = await this.parked.backlog(kind);
        this.pending.set({ kind }, backlog.pending);
        this.parkedObjects.set({ kind }, backlog.parked);
        this.oldestAge.set({ kind }, backlog.oldestPendingAt ? Math.max(0, (Date.now() - backlog.oldestPendingAt.getTime()) / 1000) : 0);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read the outbox backlog');
    }
  }
}
