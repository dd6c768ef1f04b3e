import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';

/** Which parked objects to push again: all of a kind, or the listed keys. */
export class ReplayParkedDto {
  @ApiProperty({ enum: ['evse_status', 'location'] })
  @IsIn(['evse_status', 'location'])
  kind!: 'evse_status' | 'location';

  @ApiPropertyOptional({
    type: [String],
    maxItems: 10_000,
    description: 'EVSE keys (country/party/location/evse) or Location keys (country/party/location); absent = every parked object of the kind.',
    example: ['FR/ABC/LOC1/EVSE1'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  keys?: string[];
}
