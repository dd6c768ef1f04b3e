import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KafkaAckClient, TOPICS, TopicAdminService } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { LocationsApiSettings } from '../locations-api.settings';
import { LOCATIONS_METRICS } from '../metrics/locations-metrics';
import { LocationOutboxService } from './location-outbox.service';

/** A fixed key shared by every replica: only the holder of this lock publishes, so messages leave in outbox order. */
const RELAY_LOCK = 0x10ca7105;
const MAX_BACKOFF_MS = 30_000;

/**
 * Publishes the outbox to ocpi.locations.v1 in id order and deletes each batch
 * once Kafka acknowledged it (all in-sync replicas). A failure leaves the rows
 * in place and is retried with back-off, so nothing committed is lost; a crash
 * between the ack and the delete re-sends a batch, which a compacted topic of
 * full Location states absorbs.
 */
@Injectable()
export class LocationOutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LocationOutboxRelay.name);
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  private pending = false;
  private wakeUp?: () => void;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly kafka: KafkaAckClient,
    private readonly topics: TopicAdminService,
    private readonly outbox: LocationOutboxService,
    private readonly settings: LocationsApiSettings,
    @InjectMetric(LOCATIONS_METRICS.outboxBacklog) private readonly backlog: Gauge,
    @InjectMetric(LOCATIONS_METRICS.outboxPublished) private readonly published: Counter,
  ) {}

  onApplicationBootstrap(): void {
    this.outbox.events.on('enqueued', () => this.wake());
    // Not awaited: serving OCPI pulls must not depend on Kafka being up.
    this.running = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    this.wake();
    await this.running;
  }

  /** Publishes one batch; returns how many messages were sent (0 when none waited or another replica holds the lock). */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK]);
      if (!locked) return 0;
      const rows: { id: string; message_key: string; message: unknown }[] = await manager.query('SELECT id, message_key, message FROM location_outbox ORDER BY id LIMIT $1', [
        this.settings.OUTBOX_BATCH_SIZE,
      ]);
      if (rows.length === 0) return 0;
      await lastValueFrom(
        this.kafka.emit(
          TOPICS.locations,
          rows.map((row) => ({ key: row.message_key, value: JSON.stringify(row.message) })),
        ),
        { defaultValue: undefined },
      );
      await manager.query('DELETE FROM location_outbox WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      this.published.inc(rows.length);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    let backoff = 0;
    let topicsReady = false;
    while (!signal.aborted) {
      try {
        if (!topicsReady) {
          await this.topics.ensureTopics();
          topicsReady = true;
        }
        const sent = await this.relayOnce();
        backoff = 0;
        this.backlog.set(sent === this.settings.OUTBOX_BATCH_SIZE ? await this.waiting() : 0);
        if (sent === this.settings.OUTBOX_BATCH_SIZE) continue; // more are waiting
        await this.idle();
      } catch (error) {
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(backoff * 2, 200));
        this.logger.warn({ err: error, retry_in_ms: backoff }, 'outbox relay failed; Location changes wait in the outbox');
        await this.waiting().then(
          (count) => this.backlog.set(count),
          () => undefined,
        ); // the database may be what failed
        await sleep(backoff, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async waiting(): Promise<number> {
    const [{ count }] = await this.db.query('SELECT count(*)::int AS count FROM location_outbox');
    return count;
  }

  /** Resolves when a change is committed, after the poll interval, or on shutdown. */
  private idle(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, this.settings.OUTBOX_POLL_INTERVAL_MS);
      this.wakeUp = done;
    });
  }

  private wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }
}
