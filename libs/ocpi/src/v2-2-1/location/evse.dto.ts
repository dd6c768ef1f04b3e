import { EvseStatus } from '../../common/evse-status.enum';
import { ParkingRestriction } from '../../common/parking-restriction.enum';
import { IsCiString, IsOcpiDateTime, IsOcpiEnum, IsOcpiString, List, Nested, NestedList, Optional, Required } from '../../validation/ocpi-decorators';
import { DisplayTextV221 } from '../types/display-text.dto';
import { CapabilityV221 } from './capability.enum';
import { ConnectorV221 } from './connector.dto';
import { GeoLocationV221 } from './geo-location.dto';
import { ImageV221 } from './image.dto';
import { StatusScheduleV221 } from './status-schedule.dto';

/** 2.2.1 EVSE: what powers one EV at a time; its connectors cannot be used simultaneously. */
export class EvseV221 {
  /** Technical ID, unique in the CPO platform, never changes. */
  @Required() @IsCiString(36, { nonEmpty: true }) uid!: string;
  /** eMI3 EVSE ID; optional only so it can be dropped from a REMOVED EVSE (GIREVE requires it otherwise). */
  @Optional() @IsCiString(48) evse_id?: string | null;
  @Required() @IsOcpiEnum(EvseStatus) status!: EvseStatus;
  @Optional() @NestedList(() => StatusScheduleV221) status_schedule?: StatusScheduleV221[] | null;
  @Optional() @List() @IsOcpiEnum(CapabilityV221, { each: true }) capabilities?: CapabilityV221[] | null;
  @Required() @NestedList(() => ConnectorV221, { min: 1 }) connectors!: ConnectorV221[];
  @Optional() @IsOcpiString('2.2.1', 4) floor_level?: string | null;
  @Optional() @Nested(() => GeoLocationV221) coordinates?: GeoLocationV221 | null;
  /** The label printed on the EVSE. */
  @Optional() @IsOcpiString('2.2.1', 16) physical_reference?: string | null;
  @Optional() @NestedList(() => DisplayTextV221) directions?: DisplayTextV221[] | null;
  @Optional() @List() @IsOcpiEnum(ParkingRestriction, { each: true }) parking_restrictions?: ParkingRestriction[] | null;
  @Optional() @NestedList(() => ImageV221) images?: ImageV221[] | null;
  @Required() @IsOcpiDateTime('2.2.1') last_updated!: string;
}
