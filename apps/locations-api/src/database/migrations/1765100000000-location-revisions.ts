import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each Location counts its changes: the revision orders its messages on the Locations topic. */
export class LocationRevisions1765100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE locations ADD COLUMN revision bigint NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE locations DROP COLUMN revision');
  }
}
