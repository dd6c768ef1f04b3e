import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every Locations message is a snapshot of its Location: `revision` orders
 * them (the replicas' clocks do not), and `static_body`, the Location without
 * what changes with each status, tells a change worth pushing from a status
 * update that the status pipeline delivers on its own.
 */
export class LocationSnapshots1765100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE location_push_state
        ADD COLUMN revision    bigint NOT NULL DEFAULT 0,
        ADD COLUMN static_body jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE location_push_state DROP COLUMN revision, DROP COLUMN static_body');
  }
}
