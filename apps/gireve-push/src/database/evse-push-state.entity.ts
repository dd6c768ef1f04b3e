import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The EVSE status outbox: one row per EVSE. `status`/`event_time` are the
 * newest accepted event; the events still to deliver wait in
 * evse_status_queue; `pushed_*` is what the IOP acknowledged.
 * A row is pending while `pending_since` is set (the oldest queued event's
 * storage time); it is due at `next_attempt_at` (a claim moves that to the
 * lease's end, so a crashed worker's rows come back).
 */
@Entity('evse_push_state')
export class EvsePushState {
  /** evseKey(): country/party/location/evse. */
  @PrimaryColumn({ type: 'text' })
  evse_key!: string;

  /** locationKey() of the EVSE's Location. */
  @Column({ type: 'text' })
  location_key!: string;

  @Column({ type: 'text' })
  country_code!: string;

  @Column({ type: 'text' })
  party_id!: string;

  @Column({ type: 'text' })
  location_id!: string;

  @Column({ type: 'text' })
  evse_uid!: string;

  @Column({ type: 'text' })
  status!: string;

  /** Charger time of the newest accepted status; older events never replace it. */
  @Column({ type: 'timestamptz' })
  event_time!: Date;

  /** When the ingestor accepted that event. */
  @Column({ type: 'timestamptz' })
  received_at!: Date;

  @Column({ type: 'text', nullable: true })
  correlation_id!: string | null;

  /** Kafka position of the newest event (ties of event_time). */
  @Column({ type: 'int' })
  event_partition!: number;

  @Column({ type: 'bigint' })
  event_offset!: string;

  @Column({ type: 'text', nullable: true })
  pushed_status!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  pushed_event_time!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pushed_at!: Date | null;

  /** Kafka position of the event the IOP holds (null: set by a Location PUT, which any real event follows). */
  @Column({ type: 'int', nullable: true })
  pushed_partition!: number | null;

  @Column({ type: 'bigint', nullable: true })
  pushed_offset!: string | null;

  /** The last_updated last sent for this EVSE (PATCH or PUT): the next one is never earlier. */
  @Column({ type: 'timestamptz', nullable: true })
  last_sent_at!: Date | null;

  /**
   * Causal position of the newest event ever sent, written before sending: the
   * IOP may hold it even if no answer came back, so an older event arriving
   * later is dropped rather than sent after it.
   */
  @Column({ type: 'timestamptz', nullable: true })
  attempted_event_time!: Date | null;

  @Column({ type: 'int', nullable: true })
  attempted_partition!: number | null;

  @Column({ type: 'bigint', nullable: true })
  attempted_offset!: string | null;

  /** REMOVED or PLANNED, set by the CPO's back office: charger statuses are held back while it is set. */
  @Column({ type: 'text', nullable: true })
  office_status!: string | null;

  /** After a request with an unknown outcome: when to send again what the IOP should hold. */
  @Column({ type: 'timestamptz', nullable: true })
  reassert_at!: Date | null;

  /** When a refused PATCH had its Location PUT again (the repair); a refusal after it parks the row. */
  @Column({ type: 'timestamptz', nullable: true })
  repair_requested_at!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pending_since!: Date | null;

  @Column({ type: 'timestamptz' })
  next_attempt_at!: Date;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lease_owner!: string | null;

  @Column({ type: 'text', nullable: true })
  last_error!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  parked_at!: Date | null;

  @Column({ type: 'text', nullable: true })
  parked_reason!: string | null;
}
