import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { TOPICS } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Counter } from 'prom-client';
import { IopTrafficService } from '../delivery/iop-traffic.service';
import { PushDispatcher } from '../delivery/push-dispatcher';
import { type ClaimedEvseStatus, EvseStatusOutboxService } from '../evse-status/evse-status-outbox.service';
import { GirevePushSettings } from '../gireve-push.settings';
import { IntakeConsumer } from '../intake/intake.consumer';
import { type ClaimedLocation, LocationOutboxService } from '../locations/location-outbox.service';
import { PUSH_METRICS } from '../metrics/push-metrics';

/** The longest wait between two attempts to reach Kafka. */
const INTAKE_RETRY_MAX_MS = 30_000;

/**
 * Runs the replica: the consumer fills the outboxes and wakes the two
 * dispatchers, which drain them to the IOP. On SIGTERM it stops taking work
 * (the consumer finishes its batch, commits and leaves the group), lets
 * requests in flight finish within SHUTDOWN_GRACE_MS, and hands back the rest.
 */
@Injectable()
export class PushWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PushWorkerService.name);
  readonly statusDispatcher: PushDispatcher<ClaimedEvseStatus>;
  readonly locationDispatcher: PushDispatcher<ClaimedLocation>;
  private readonly stopping = new AbortController();
  private intake?: Promise<void>;

  constructor(
    private readonly consumer: IntakeConsumer,
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
    this.locationDispatcher = new PushDispatcher(locations, traffic, { ...common, concurrency: settings.LOCATION_PUSH_CONCURRENCY }, retries);
  }

  onApplicationBootstrap(): void {
    this.statusDispatcher.start();
    this.locationDispatcher.start();
    // The stored backlog needs only PostgreSQL and the IOP: Kafka being down must not stop its delivery.
    this.intake = this.startIntake();
  }

  /** Starts consuming, trying again with backoff while Kafka cannot be reached. */
  private async startIntake(): Promise<void> {
    const listener = { stored: (topic: string) => (topic === TOPICS.locations ? this.locationDispatcher : this.statusDispatcher).wake() };
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      try {
        await this.consumer.start(listener);
        return;
      } catch (error) {
        const retryInMs = Math.min(1000 * 2 ** attempt, INTAKE_RETRY_MAX_MS);
        this.logger.error({ err: error, attempt, retry_in_ms: retryInMs }, 'cannot consume from Kafka: stored pushes go on; trying again');
        await this.consumer.stop().catch(() => undefined);
        await sleep(retryInMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  /**
   * Runs before the IOP client and traffic policy close (they close on
   * application shutdown), so requests in flight can finish. Each step runs
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
    this.stopping.abort();
    await step('consumer', async () => {
      await this.intake;
      await this.consumer.stop();
    });
    await Promise.all([step('status pushes', () => this.statusDispatcher.stop(grace)), step('Location pushes', () => this.locationDispatcher.stop(grace))]);
    if (failed.length > 0) this.logger.error({ signal, failed, took_ms: Date.now() - started }, 'stopped with failures: what was not handed back returns when its lease ends');
    else this.logger.log({ signal, took_ms: Date.now() - started }, 'stopped: offsets committed, pushes finished or handed back');
  }
}
