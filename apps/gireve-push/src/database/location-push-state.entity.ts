import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The Location outbox: one row per Location. `body` is the newest Location
 * (OCPI 2.2.1 shape, as on the Locations topic); `pushed_body` the one the IOP
 * acknowledged, which tells a tariff-only change (PATCH) from any other (PUT).
 */
@Entity('location_push_state')
export class LocationPushState {
  /** locationKey(): country/party/location. */
  @PrimaryColumn({ type: 'text' })
  location_key!: string;

  @Column({ type: 'text' })
  country_code!: string;

  @Column({ type: 'text' })
  party_id!: string;

  @Column({ type: 'text' })
  location_id!: string;

  @Column({ type: 'jsonb' })
  body!: Record<string, unknown>;

  /** When it changed (the message's changed_at, from the clock of the replica that changed it). */
  @Column({ type: 'timestamptz' })
  changed_at!: Date;

  /** The message's revision: an older message never replaces a newer one (changed_at only breaks ties of messages without one). */
  @Column({ type: 'bigint', default: 0 })
  revision!: string;

  /** `body` without last_updated and charger statuses: a snapshot that differs only in those is not pushed (statuses have their own pipeline). */
  @Column({ type: 'jsonb', nullable: true })
  static_body!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  correlation_id!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  pushed_body!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', nullable: true })
  pushed_at!: Date | null;

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

  /** After a request with an unknown outcome: when to PUT the Location again, whatever the IOP answered since. */
  @Column({ type: 'timestamptz', nullable: true })
  reassert_at!: Date | null;
}
