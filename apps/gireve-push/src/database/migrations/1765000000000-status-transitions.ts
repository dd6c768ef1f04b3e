import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Store-and-forward of every status transition (GIREVE: every upload without a
 * 2xx is stored and resent in FIFO order): `evse_status_queue` holds each
 * accepted event of an EVSE not yet delivered, ordered by its causal position
 * (event time, then Kafka partition and offset: the order a sender that waits
 * for its answer defines). `evse_push_state` keeps one row per EVSE: the newest
 * event, what the IOP holds and its position, the `last_updated` last sent,
 * the newest event ever sent (written before sending: it may be at the IOP),
 * the back-office status (REMOVED, PLANNED) and the ambiguity window.
 */
export class StatusTransitions1765000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE evse_status_queue (
        evse_key        text NOT NULL,
        event_time      timestamptz NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset    bigint NOT NULL,
        status          text NOT NULL,
        received_at     timestamptz NOT NULL,
        correlation_id  text,
        stored_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (evse_key, event_time, kafka_partition, kafka_offset)
      )`);
    await queryRunner.query(`
      ALTER TABLE evse_push_state
        ADD COLUMN event_partition   integer NOT NULL DEFAULT -1,
        ADD COLUMN event_offset      bigint NOT NULL DEFAULT -1,
        ADD COLUMN pushed_partition  integer,
        ADD COLUMN pushed_offset     bigint,
        ADD COLUMN last_sent_at      timestamptz,
        ADD COLUMN attempted_event_time timestamptz,
        ADD COLUMN attempted_partition  integer,
        ADD COLUMN attempted_offset     bigint,
        ADD COLUMN office_status     text,
        ADD COLUMN reassert_at       timestamptz`);
    // What a row pushed before this migration holds stays what the IOP holds; its time is what it was sent with.
    await queryRunner.query(`UPDATE evse_push_state SET last_sent_at = pushed_event_time, pushed_partition = -1, pushed_offset = -1
                             WHERE pushed_event_time IS NOT NULL`);
    // A row pending before this migration becomes one queued transition: its newest event.
    await queryRunner.query(`
      INSERT INTO evse_status_queue (evse_key, event_time, kafka_partition, kafka_offset, status, received_at, correlation_id, stored_at)
      SELECT evse_key, event_time, -1, -1, status, received_at, correlation_id, pending_since
      FROM evse_push_state WHERE pending_since IS NOT NULL`);
    await queryRunner.query('CREATE INDEX evse_push_state_reassert ON evse_push_state (reassert_at) WHERE reassert_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX evse_push_state_reassert');
    await queryRunner.query(`
      ALTER TABLE evse_push_state
        DROP COLUMN event_partition, DROP COLUMN event_offset, DROP COLUMN pushed_partition, DROP COLUMN pushed_offset,
        DROP COLUMN last_sent_at, DROP COLUMN attempted_event_time, DROP COLUMN attempted_partition, DROP COLUMN attempted_offset,
        DROP COLUMN office_status, DROP COLUMN reassert_at`);
    await queryRunner.query('DROP TABLE evse_status_queue');
  }
}
