import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLocations1763942400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE locations (
        seq          bigserial PRIMARY KEY,
        country_code text NOT NULL,
        party_id     text NOT NULL,
        id           text NOT NULL,
        publish      boolean NOT NULL,
        last_updated timestamptz NOT NULL,
        body         jsonb NOT NULL,
        UNIQUE (country_code, party_id, id)
      )`);
    await queryRunner.query('CREATE INDEX locations_last_updated ON locations (last_updated, seq)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE locations');
  }
}
