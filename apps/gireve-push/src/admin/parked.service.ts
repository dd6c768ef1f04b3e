import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { retryOnDeadlock, updateCount } from '../database/sql';

/** An object set aside after the IOP refused it. */
export interface ParkedObject {
  kind: 'evse_status' | 'location';
  key: string;
  parked_at: Date;
  reason: string;
  attempts: number;
  /** What was refused: the EVSE's status, or the Location's change time. */
  status?: string;
  event_time?: Date;
  changed_at?: Date;
}

export interface Backlog {
  pending: number;
  parked: number;
  oldestPendingAt: Date | null;
}

const TABLES = { evse_status: 'evse_push_state', location: 'location_push_state' } as const;
type OutboxKind = keyof typeof TABLES;

/** Parked objects (list, replay) and the size of each outbox, across all replicas. */
@Injectable()
export class ParkedService {
  constructor(private readonly db: DataSource) {}

  async list(limit: number): Promise<ParkedObject[]> {
    const evses: ParkedObject[] = await this.db.query(
      `SELECT 'evse_status' AS kind, evse_key AS key, parked_at, parked_reason AS reason, attempts, status, event_time
       FROM evse_push_state WHERE parked_at IS NOT NULL ORDER BY parked_at LIMIT $1`,
      [limit],
    );
    const locations: ParkedObject[] = await this.db.query(
      `SELECT 'location' AS kind, location_key AS key, parked_at, parked_reason AS reason, attempts, changed_at
       FROM location_push_state WHERE parked_at IS NOT NULL ORDER BY parked_at LIMIT $1`,
      [limit],
    );
    return [...evses, ...locations].sort((a, b) => a.parked_at.getTime() - b.parked_at.getTime()).slice(0, limit);
  }

  /** Makes parked objects due again (all of a kind when `keys` is absent); returns how many. */
  async replay(kind: OutboxKind, keys?: string[]): Promise<number> {
    const key = kind === 'evse_status' ? 'evse_key' : 'location_key';
    // Rows locked in key order, as every writer does, so this write cannot deadlock with them.
    return retryOnDeadlock(() =>
      updateCount(
        this.db,
        `WITH parked AS (
           SELECT ${key} FROM ${TABLES[kind]} WHERE parked_at IS NOT NULL AND ($1::text[] IS NULL OR ${key} = ANY($1))
           ORDER BY ${key} COLLATE "C" FOR UPDATE)
         UPDATE ${TABLES[kind]} SET parked_at = NULL, parked_reason = NULL, attempts = 0, next_attempt_at = now()
         WHERE ${key} = ANY(ARRAY(SELECT ${key} FROM parked))`,
        [keys ?? null],
      ),
    );
  }

  async backlog(kind: OutboxKind): Promise<Backlog> {
    const [row]: { pending: string; parked: string; oldest: Date | null }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending,
              count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,
              min(pending_since) FILTER (WHERE parked_at IS NULL) AS oldest
       FROM ${TABLES[kind]} WHERE pending_since IS NOT NULL`,
    );
    return { pending: Number(row.pending), parked: Number(row.parked), oldestPendingAt: row.oldest };
  }
}
