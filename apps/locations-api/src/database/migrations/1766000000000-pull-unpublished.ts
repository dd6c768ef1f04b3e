import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 2.2.1 pull serves `publish: false` Locations too (publish is about
 * display, not sharing), so the partial indexes WHERE publish, which 2.1.1
 * keeps using, no longer answer it: it pages by the primary key (seq) and
 * finds a date window with this index.
 */
export class PullUnpublished1766000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX locations_last_updated ON locations (last_updated, seq)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX locations_last_updated');
  }
}
