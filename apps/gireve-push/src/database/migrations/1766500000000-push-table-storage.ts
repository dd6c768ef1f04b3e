import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Storage for the two hot tables of the status push.
 * - evse_push_state is updated several times per PATCH (consumer, claim,
 *   write-ahead, completion), mostly in columns no index holds: room left in
 *   each page lets PostgreSQL update such rows in place (HOT), without a new
 *   entry in every index. Pages written from now on keep it.
 * - evse_status_queue is a queue: every row is deleted soon after it is
 *   written, and its size swings from none to hundreds of thousands during an
 *   outage. Vacuumed and analysed after 2 % of changes instead of 20 %, its
 *   dead rows and the planner's estimates keep up.
 */
export class PushTableStorage1766500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE evse_push_state SET (fillfactor = 70, autovacuum_analyze_scale_factor = 0.02)');
    await queryRunner.query('ALTER TABLE evse_status_queue SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE evse_push_state RESET (fillfactor, autovacuum_analyze_scale_factor)');
    await queryRunner.query('ALTER TABLE evse_status_queue RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)');
  }
}
