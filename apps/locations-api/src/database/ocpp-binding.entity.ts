import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which charger feeds an EVSE's status: OCPP 1.6 charge point + connector id, or
 * OCPP 2.0.1 station + EVSE id (exactly one of the two ids). Kept beside the
 * Location, never in its OCPI body; unique per charger connector / EVSE.
 */
@Entity('ocpp_bindings')
export class OcppBindingEntity {
  @PrimaryColumn({ type: 'bigint' })
  location_seq!: string;

  @PrimaryColumn({ type: 'text' })
  evse_uid!: string;

  @Column({ type: 'text' })
  charge_point_id!: string;

  @Column({ type: 'integer', nullable: true })
  ocpp16_connector_id!: number | null;

  @Column({ type: 'integer', nullable: true })
  ocpp201_evse_id!: number | null;
}
