import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After a Location request whose outcome is unknown (timeout, connection cut
 * after sending, aborted at shutdown), the IOP may still apply it late, over
 * a newer one: the Location is PUT again once this time has passed.
 */
export class LocationReassert1766300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE location_push_state ADD COLUMN reassert_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE location_push_state DROP COLUMN reassert_at');
  }
}
