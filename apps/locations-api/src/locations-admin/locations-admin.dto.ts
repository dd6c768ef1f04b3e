import { ApiProperty, ApiPropertyOptional, type SchemaObject } from '@nestjs/swagger';
import type { OcppBindingV1 } from '@app/messaging';
import type { LocationError } from '../location-store/ocpi-location-format';
import type { ImportReport, ImportWarning } from './locations-admin.service';
import type { LocationWarning } from './tariff-warnings';

// Documentation of the admin API's bodies and answers: the Locations themselves
// are validated by libs/ocpi (GIREVE profile), not by these classes.

const LOCATION_EXAMPLE = {
  country_code: 'FR',
  party_id: 'ABC',
  id: 'LOC-0001',
  publish: true,
  name: 'Parking Hôtel de Ville',
  address: '4 place de l’Hôtel de Ville',
  city: 'Paris',
  postal_code: '75004',
  country: 'FRA',
  coordinates: { latitude: '48.856613', longitude: '2.352222' },
  parking_type: 'UNDERGROUND_GARAGE',
  operator: { name: 'ABC Charge' },
  owner: { name: 'Ville de Paris' },
  time_zone: 'Europe/Paris',
  evses: [
    {
      uid: 'EVSE-1',
      evse_id: 'FR*ABC*E0001*1',
      status: 'AVAILABLE',
      capabilities: ['RFID_READER'],
      connectors: [
        { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32, max_electric_power: 22000, tariff_ids: ['TARIFF-AC'] },
      ],
    },
  ],
};

/** An OCPI 2.2.1 Location, described by reference to the spec rather than field by field. */
export const OCPI_LOCATION_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    "An OCPI 2.2.1 Location (country_code and party_id are the CPO's; last_updated is set by the server), checked against GIREVE's profile (operator and owner names, EVSE capabilities and evse_id starting with the CPO's eMI3 operator id, connector tariff_ids). See OCPI 2.2.1 § 8.3.1.",
  required: ['id', 'publish', 'address', 'city', 'country', 'coordinates', 'time_zone', 'operator', 'owner'],
  example: LOCATION_EXAMPLE,
};

export class LocationErrorDto implements LocationError {
  @ApiProperty({ description: 'JSON path of the refused field.', example: 'evses[0].evse_id' })
  path!: string;

  @ApiProperty({ example: "must start with the CPO's eMI3 operator id FR*ABC" })
  reason!: string;
}

/** The 400 of a Location that breaks OCPI or GIREVE's profile. */
export class InvalidLocationDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Invalid Location' })
  message!: string;

  @ApiProperty({ type: [LocationErrorDto] })
  errors!: LocationErrorDto[];
}

export class ImportRejectionDto {
  @ApiProperty({ description: 'Position of the Location in the imported array.' })
  index!: number;

  @ApiPropertyOptional({ description: 'Its id, when it has one.' })
  id?: string;

  @ApiProperty({ type: [LocationErrorDto] })
  errors!: LocationErrorDto[];
}

export class LocationWarningDto implements LocationWarning {
  @ApiProperty({ description: 'JSON path of the concerned part.', example: 'evses[0].connectors' })
  path!: string;

  @ApiProperty({ description: 'The EVSE concerned.', example: 'EVSE-1' })
  evse_uid!: string;

  @ApiProperty({ example: "connectors have different tariff_ids: GIREVE keeps only the first connector's for the whole EVSE" })
  reason!: string;
}

export class ImportWarningDto implements ImportWarning {
  @ApiProperty({ description: 'Position of the Location in the imported array.' })
  index!: number;

  @ApiProperty()
  id!: string;

  @ApiProperty({ type: [LocationWarningDto] })
  warnings!: LocationWarningDto[];
}

export class ImportReportDto implements ImportReport {
  @ApiProperty({ description: 'Locations in the body.' })
  total!: number;

  @ApiProperty({ description: 'Valid Locations stored: created + replaced + unchanged.' })
  accepted!: number;

  @ApiProperty()
  created!: number;

  @ApiProperty()
  replaced!: number;

  @ApiProperty({ description: 'Valid Locations identical to the stored ones (not published again).' })
  unchanged!: number;

  @ApiProperty({ type: [ImportRejectionDto], description: 'Every refused Location, in body order; the others are kept.' })
  rejected!: ImportRejectionDto[];

  @ApiProperty({ type: [ImportWarningDto], description: 'Stored Locations GIREVE will not take as sent (EVSEs whose connectors have different tariff_ids), in body order.' })
  warnings!: ImportWarningDto[];
}

/** The OCPP identity of one EVSE (documentation of OcppBindingV1). */
export class OcppBindingDto implements OcppBindingV1 {
  @ApiProperty({ minLength: 1, maxLength: 36, example: 'EVSE-1' })
  evse_uid!: string;

  @ApiProperty({ minLength: 1, maxLength: 48, description: 'OCPP charge point (1.6) or charging station (2.0.1) identity.', example: 'CP-0001' })
  charge_point_id!: string;

  @ApiPropertyOptional({ minimum: 1, description: 'OCPP 1.6 connector id (one OCPI EVSE per connector).', example: 1 })
  ocpp16_connector_id?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'OCPP 2.0.1 EVSE id.' })
  ocpp201_evse_id?: number;
}

export class LocationAnswerDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The Location as stored (OCPI 2.2.1).', example: LOCATION_EXAMPLE })
  location!: Record<string, unknown>;
}

/** The answer to a create, replace or patch. */
export class LocationWrittenDto extends LocationAnswerDto {
  @ApiProperty({
    type: [LocationWarningDto],
    description: "What GIREVE will not take as sent, the Location being stored anyway: EVSEs whose connectors have different tariff_ids (GIREVE keeps the first connector's).",
  })
  warnings!: LocationWarningDto[];
}

/** A page of the Locations (GET /admin/locations). */
export class LocationsPageDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The Locations as stored (OCPI 2.2.1), with the live status of each EVSE.' })
  locations!: Record<string, unknown>[];

  @ApiProperty({ type: String, nullable: true, description: 'The `after` of the next page; null on the last page.', example: '1200' })
  next_after!: string | null;
}

export class LocationWithBindingsDto extends LocationAnswerDto {
  @ApiProperty({ type: [OcppBindingDto] })
  ocpp_bindings!: OcppBindingDto[];
}

export class OcppBindingsAnswerDto {
  @ApiProperty({ type: [OcppBindingDto] })
  ocpp_bindings!: OcppBindingDto[];
}
