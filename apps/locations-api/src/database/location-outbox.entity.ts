import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A LocationChangedV1 message waiting for Kafka. Written in the transaction of
 * the change it describes, published in id order, deleted once Kafka acked it.
 */
@Entity('location_outbox')
export class LocationOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  message_key!: string;

  @Column({ type: 'jsonb' })
  message!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  created_at!: Date;
}
