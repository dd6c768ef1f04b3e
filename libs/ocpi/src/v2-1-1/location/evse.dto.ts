import { EvseStatus } from '../../common/evse-status.enum';
import { ParkingRestriction } from '../../common/parking-restriction.enum';
import { IsOcpiDateTime, IsOcpiEnum, IsOcpiString, List, Nested, NestedList, Optional, Required } from '../../validation/ocpi-decorators';
import { DisplayTextV211 } from '../types/display-text.dto';
import { CapabilityV211 } from './capability.enum';
import { ConnectorV211 } from './connector.dto';
import { GeoLocationV211 } from './geo-location.dto';
import { ImageV211 } from './image.dto';
import { StatusScheduleV211 } from './status-schedule.dto';

/** 2.1.1 EVSE (§3.2). */
export class EvseV211 {
  /** Technical ID, unique in the CPO platform, never changes. */
  @Required() @IsOcpiString('2.1.1', 39, { nonEmpty: true }) uid!: string;
  /** eMI3 EVSE ID; optional only so it can be dropped from a REMOVED EVSE (GIREVE requires it otherwise). */
  @Optional() @IsOcpiString('2.1.1', 48) evse_id?: string | null;
  @Required() @IsOcpiEnum(EvseStatus) status!: EvseStatus;
  @Optional() @NestedList(() => StatusScheduleV211) status_schedule?: StatusScheduleV211[] | null;
  @Optional() @List() @IsOcpiEnum(CapabilityV211, { each: true }) capabilities?: CapabilityV211[] | null;
  @Required() @NestedList(() => ConnectorV211, { min: 1 }) connectors!: ConnectorV211[];
  @Optional() @IsOcpiString('2.1.1', 4) floor_level?: string | null;
  @Optional() @Nested(() => GeoLocationV211) coordinates?: GeoLocationV211 | null;
  /** The label printed on the EVSE. */
  @Optional() @IsOcpiString('2.1.1', 16) physical_reference?: string | null;
  @Optional() @NestedList(() => DisplayTextV211) directions?: DisplayTextV211[] | null;
  @Optional() @List() @IsOcpiEnum(ParkingRestriction, { each: true }) parking_restrictions?: ParkingRestriction[] | null;
  @Optional() @NestedList(() => ImageV211) images?: ImageV211[] | null;
  @Required() @IsOcpiDateTime('2.1.1') last_updated!: string;
}
