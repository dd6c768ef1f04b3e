import type { TraceCarrier } from '@app/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One accepted status event of an EVSE not yet delivered to the IOP (store and
 * forward). The primary key is its causal position, so a replayed Kafka
 * message is stored once.
 */
@Entity('evse_status_queue')
export class EvseStatusQueueEntry {
  @PrimaryColumn({ type: 'text' })
  evse_key!: string;

  /** Charger time: orders the events of one EVSE. */
  @PrimaryColumn({ type: 'timestamptz' })
  event_time!: Date;

  /** Kafka partition and offset: break event-time ties in the order the senders were answered. */
  @PrimaryColumn({ type: 'int' })
  kafka_partition!: number;

  @PrimaryColumn({ type: 'bigint' })
  kafka_offset!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'timestamptz' })
  received_at!: Date;

  @Column({ type: 'text', nullable: true })
  correlation_id!: string | null;

  /** The W3C trace context of its Kafka message: the PATCH that delivers it joins that trace. */
  @Column({ type: 'jsonb', nullable: true })
  trace_context!: TraceCarrier | null;

  /** When gireve-push stored it: the FIFO order of the replay across EVSEs. */
  @Column({ type: 'timestamptz' })
  stored_at!: Date;
}
