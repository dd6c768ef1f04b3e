import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the IOP last accepted for one EVSE: the newest status event time it holds. */
@Entity('evse_push_state')
export class EvsePushState {
  /** evseKey(): country/party/location/evse. */
  @PrimaryColumn({ type: 'text' })
  evse_key!: string;

  @Column({ type: 'text' })
  status!: string;

  /** Charger time of the status the IOP holds; older events are never pushed after it. */
  @Column({ type: 'timestamptz' })
  event_time!: Date;

  @Column({ type: 'timestamptz' })
  pushed_at!: Date;
}
