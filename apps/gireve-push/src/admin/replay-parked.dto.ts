import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';

/** Which parked objects to push again: all of a kind, or the listed keys. */
export class ReplayParkedDto {
  @IsIn(['evse_status', 'location'])
  kind!: 'evse_status' | 'location';

  /** EVSE keys (country/party/location/evse) or Location keys (country/party/location); absent = every parked object of the kind. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  keys?: string[];
}
