import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the OCPI sender, the CPO admin API and the IOP registration need:
 * - indexes that let a pull page by seq (keyset) and count, with or without a
 *   date window, from the index alone;
 * - case-insensitive Location ids (2.2.1 CiString);
 * - the time of the charger event behind each EVSE's stored status;
 * - the OCPP identity of each EVSE, unique per charger connector / EVSE;
 * - the transactional outbox of ocpi.locations.v1 messages;
 * - the IOP's registration (read by gireve-push through @app/registration).
 */
export class SenderRegistrationOutbox1764000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE locations ADD COLUMN evse_status_times jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query('DROP INDEX locations_last_updated');
    await queryRunner.query('CREATE INDEX locations_published_seq ON locations (seq) INCLUDE (last_updated) WHERE publish');
    await queryRunner.query('CREATE INDEX locations_published_last_updated ON locations (last_updated, seq) WHERE publish');
    await queryRunner.query('CREATE UNIQUE INDEX locations_ci_id ON locations (country_code, party_id, lower(id))');

    await queryRunner.query(`
      CREATE TABLE ocpp_bindings (
        location_seq        bigint NOT NULL REFERENCES locations (seq) ON DELETE CASCADE,
        evse_uid            text NOT NULL,
        charge_point_id     text NOT NULL,
        ocpp16_connector_id integer,
        ocpp201_evse_id     integer,
        PRIMARY KEY (location_seq, evse_uid),
        CHECK ((ocpp16_connector_id IS NULL) <> (ocpp201_evse_id IS NULL))
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX ocpp_bindings_ocpp16 ON ocpp_bindings (charge_point_id, ocpp16_connector_id) WHERE ocpp16_connector_id IS NOT NULL');
    await queryRunner.query('CREATE UNIQUE INDEX ocpp_bindings_ocpp201 ON ocpp_bindings (charge_point_id, ocpp201_evse_id) WHERE ocpp201_evse_id IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE location_outbox (
        id          bigserial PRIMARY KEY,
        message_key text NOT NULL,
        message     jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE iop_registration (
        id            smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        version       text NOT NULL,
        versions_url  text NOT NULL,
        endpoints     jsonb NOT NULL,
        token_b       text NOT NULL,
        token_c_hash  text NOT NULL,
        country_code  text NOT NULL,
        party_id      text NOT NULL,
        parties       jsonb NOT NULL,
        registered_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE iop_registration');
    await queryRunner.query('DROP TABLE location_outbox');
    await queryRunner.query('DROP TABLE ocpp_bindings');
    await queryRunner.query('DROP INDEX locations_ci_id');
    await queryRunner.query('DROP INDEX locations_published_last_updated');
    await queryRunner.query('DROP INDEX locations_published_seq');
    await queryRunner.query('CREATE INDEX locations_last_updated ON locations (last_updated, seq)');
    await queryRunner.query('ALTER TABLE locations DROP COLUMN evse_status_times');
  }
}
