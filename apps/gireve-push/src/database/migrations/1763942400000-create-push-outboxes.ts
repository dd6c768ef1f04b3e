import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two outboxes: one row per EVSE (status) and one per Location (static
 * data), each holding the newest desired state, what the IOP acknowledged, and
 * the delivery bookkeeping (due time, lease, attempts, parking).
 */
export class CreatePushOutboxes1763942400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE evse_push_state (
        evse_key          text PRIMARY KEY,
        location_key      text NOT NULL,
        country_code      text NOT NULL,
        party_id          text NOT NULL,
        location_id       text NOT NULL,
        evse_uid          text NOT NULL,
        status            text NOT NULL,
        event_time        timestamptz NOT NULL,
        received_at       timestamptz NOT NULL,
        correlation_id    text,
        pushed_status     text,
        pushed_event_time timestamptz,
        pushed_at         timestamptz,
        pending_since     timestamptz,
        next_attempt_at   timestamptz NOT NULL DEFAULT now(),
        attempts          integer NOT NULL DEFAULT 0,
        lease_owner       text,
        last_error        text,
        parked_at         timestamptz,
        parked_reason     text
      )`);
    await queryRunner.query('CREATE INDEX evse_push_state_pending ON evse_push_state (pending_since) WHERE pending_since IS NOT NULL AND parked_at IS NULL');
    await queryRunner.query('CREATE INDEX evse_push_state_location ON evse_push_state (location_key)');
    await queryRunner.query('CREATE INDEX evse_push_state_parked ON evse_push_state (parked_at) WHERE parked_at IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE location_push_state (
        location_key    text PRIMARY KEY,
        country_code    text NOT NULL,
        party_id        text NOT NULL,
        location_id     text NOT NULL,
        body            jsonb NOT NULL,
        changed_at      timestamptz NOT NULL,
        correlation_id  text,
        pushed_body     jsonb,
        pushed_at       timestamptz,
        pending_since   timestamptz,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        attempts        integer NOT NULL DEFAULT 0,
        lease_owner     text,
        last_error      text,
        parked_at       timestamptz,
        parked_reason   text
      )`);
    await queryRunner.query('CREATE INDEX location_push_state_pending ON location_push_state (pending_since) WHERE pending_since IS NOT NULL AND parked_at IS NULL');
    await queryRunner.query('CREATE INDEX location_push_state_parked ON location_push_state (parked_at) WHERE parked_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE location_push_state');
    await queryRunner.query('DROP TABLE evse_push_state');
  }
}
