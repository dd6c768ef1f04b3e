import { EvseStatus } from '@app/ocpi';
import { IsEnum, IsISO8601, IsString, Length } from 'class-validator';

/** A status change already expressed in OCPI terms, for senders that know their Location and EVSE ids. */
export class NativeStatusEventDto {
  @IsString()
  @Length(1, 36)
  location_id!: string;

  @IsString()
  @Length(1, 36)
  evse_uid!: string;

  @IsEnum(EvseStatus)
  status!: EvseStatus;

  /** When the status changed at the charger (ISO 8601 with zone). */
  @IsISO8601({ strict: true })
  timestamp!: string;
}
