import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { IopTrafficService } from './iop-traffic.service';

/**
 * The IOP as this replica sees it. Never `down`: an IOP outage must not get
 * the worker restarted (it keeps storing updates); it shows as `degraded`
 * while the circuit is open or requests are paused (429, refused token).
 */
@Injectable()
export class IopHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly traffic: IopTrafficService,
  ) {}

  check(key = 'iop') {
    const indicator = this.health.check(key);
    const pausedForMs = Math.max(0, this.traffic.blockedUntil - Date.now());
    if (this.traffic.circuitOpen) return indicator.degraded({ circuit: 'open', message: 'IOP unreachable; updates are stored' });
    if (pausedForMs > 0) return indicator.degraded({ circuit: 'closed', paused_for_ms: pausedForMs });
    return indicator.up({ circuit: 'closed' });
  }
}
