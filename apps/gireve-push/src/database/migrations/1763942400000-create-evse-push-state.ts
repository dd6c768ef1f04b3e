import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvsePushState1763942400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE evse_push_state (
        evse_key   text PRIMARY KEY,
        status     text NOT NULL,
        event_time timestamptz NOT NULL,
        pushed_at  timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE evse_push_state');
  }
}
