import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A queued status event keeps the W3C trace context its Kafka message carried,
 * so the PATCH sent for it later, by whichever replica, joins the trace of the
 * ingest request that accepted it.
 */
export class TraceContext1766200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE evse_status_queue ADD COLUMN trace_context jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE evse_status_queue DROP COLUMN trace_context');
  }
}
