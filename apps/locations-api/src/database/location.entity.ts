import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One stored Location, in OCPI 2.2.1 shape (body), with the columns pulls filter
 * and page on. `seq` orders Locations by creation, which keeps pages stable.
 * `last_updated` mirrors body.last_updated.
 */
@Entity('locations')
@Index(['country_code', 'party_id', 'id'], { unique: true })
export class LocationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  country_code!: string;

  @Column({ type: 'text' })
  party_id!: string;

  @Column({ type: 'text' })
  id!: string;

  @Column({ type: 'boolean' })
  publish!: boolean;

  @Column({ type: 'timestamptz' })
  last_updated!: Date;

  @Column({ type: 'jsonb' })
  body!: Record<string, unknown>;

  /** Counted up under the row lock with each published change: the order of the Location's messages. */
  @Column({ type: 'bigint', default: 0 })
  revision!: string;

  /** EVSE uid → time (ISO 8601) of the charger event behind its stored status: a status event older than this is stale. */
  @Column({ type: 'jsonb', default: {} })
  evse_status_times!: Record<string, string>;
}
