import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refused EVSE PATCH is repaired before anything is parked: its Location is
 * PUT again (OCPI: when a PATCH fails, the object may be missing). The EVSE
 * row remembers the repair, so a refusal after it parks the row.
 */
export class RefusalRepair1765200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE evse_push_state ADD COLUMN repair_requested_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE evse_push_state DROP COLUMN repair_requested_at');
  }
}
