import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The IOP unregistered us (DELETE credentials): all automated communication
 * stops until it registers again. The row tells gireve-push so, which would
 * otherwise take "no registration" as "not registered yet" and push with its
 * bootstrap settings.
 */
export class IopUnregistration1766100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE iop_unregistration (
        id              smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        unregistered_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE iop_unregistration');
  }
}
