import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { KafkaBatchServer, TOPICS } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Counter } from 'prom-client';
import { IopTrafficService } from '../delivery/iop-traffic.service';
import { PushDispatcher } from '../delivery/push-dispatcher';
import { type ClaimedEvseStatus, EvseStatusOutboxService } from '../evse-status/evse-status-outbox.service';
import { GirevePushSettings } from '../gireve-push.settings';
import { type ClaimedLocation, LocationOutboxService } from '../locations/location-outbox.service';
import { PUSH_METRICS } from '../metrics/push-metrics';

/**
 * Runs the replica: the Kafka intake (IntakeController on KafkaBatchServer)
 * fills the outboxes and wakes the two dispatchers, which drain them to the IOP
 * (while the status dispatcher has slots free, a status store leases what it
 * makes due for it: see StoreClaim).
 * The intake connects on its own, in the background: the stored backlog needs
 * only PostgreSQL and the IOP, so Kafka being down does not stop its delivery. On SIGTERM it stops taking work
 * (the consumer finishes its batch, commits and leaves the group), lets
 * requests in flight finish within SHUTDOWN_GRACE_MS, and hands back the rest.
 */
@Injectable()
export class PushWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PushWorkerService.name);
  readonly statusDispatcher: PushDispatcher<ClaimedEvseStatus>;
  readonly locationDispatcher: PushDispatcher<ClaimedLocation>;

  constructor(
    private readonly intake: KafkaBatchServer,
    private readonly settings: GirevePushSettings,
    traffic: IopTrafficService,
    statuses: EvseStatusOutboxService,
    locations: LocationOutboxService,
    @InjectMetric(PUSH_METRICS.retries) retries: Counter<'kind' | 'reason'>,
  ) {
    // Unique per process: a restarted replica never mistakes its predecessor's leases for its own.
    const owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    // A lease outlives any request (timeout) plus its wait for a rate-limit slot.
    const rate = settings.IOP_RATE_LIMIT_PER_SECOND;
    const queueMs = rate === 0 ? 0 : Math.ceil(((settings.PUSH_CONCURRENCY + settings.LOCATION_PUSH_CONCURRENCY) * 1000) / rate);
    const leaseMs = settings.IOP_REQUEST_TIMEOUT_MS * 2 + queueMs + 5_000;
    const common = {
      owner,
      leaseMs,
      pollIntervalMs: settings.DISPATCH_POLL_INTERVAL_MS,
      initialDelayMs: settings.RETRY_INITIAL_DELAY_MS,
      maxDelayMs: settings.RETRY_MAX_DELAY_MS,
    };
    this.statusDispatcher = new PushDispatcher(statuses, traffic, { ...common, concurrency: settings.PUSH_CONCURRENCY }, retries);
    statuses.leaseWhileStoring(this.statusDispatcher);
    this.locationDispatcher = new PushDispatcher(locations, traffic, { ...common, concurrency: settings.LOCATION_PUSH_CONCURRENCY }, retries);
  }

  onApplicationBootstrap(): void {
    this.statusDispatcher.start();
    this.locationDispatcher.start();
  }

  /** A batch of `topic` was stored in its outbox: its dispatcher starts at once. */
  wake(topic: string): void {
    (topic === TOPICS.locations ? this.locationDispatcher : this.statusDispatcher).stored();
  }

  /**
   * Runs before the IOP client and traffic policy close (they close on
   * application shutdown), so requests in flight can finish, and before Nest
   * closes the transport (later, on dispose), which must stop first. Each step runs
   * even if the one before failed, and says so.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const started = Date.now();
    const grace = this.settings.SHUTDOWN_GRACE_MS;
    const failed: string[] = [];
    const step = (name: string, stop: () => Promise<void>) =>
      stop().catch((error: unknown) => {
        failed.push(name);
        this.logger.error({ err: error, step: name }, 'a shutdown step failed');
      });
    // The consumer first (its batch stored and committed), then both dispatchers together.
    await step('consumer', () => this.intake.close());
    await Promise.all([step('status pushes', () => this.statusDispatcher.stop(grace)), step('Location pushes', () => this.locationDispatcher.stop(grace))]);
    if (failed.length > 0) this.logger.error({ signal, failed, took_ms: Date.now() - started }, 'stopped with failures: what was not handed back returns when its lease ends');
    else this.logger.log({ signal, took_ms: Date.now() - started }, 'stopped: offsets committed, pushes finished or handed back');
  }
}
