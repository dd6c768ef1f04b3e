import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

/** What POST /admin/pull crawls; without versions_url and token, the CPO of the last POST /admin/register. */
export class PullRequestDto {
  @ApiPropertyOptional({ description: "The CPO's versions URL (default: the registered one)." })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  versions_url?: string;

  @ApiPropertyOptional({ description: 'The token to pull with (default: token C of the registration).' })
  @IsOptional()
  @IsString()
  token?: string;

  @ApiPropertyOptional({ enum: ['2.1.1', '2.2.1'], description: 'Default: the registered version.' })
  @IsOptional()
  @IsIn(['2.1.1', '2.2.1'])
  version?: '2.1.1' | '2.2.1';

  @ApiPropertyOptional({ enum: [20, 100], default: 100, description: "GIREVE's page sizes." })
  @IsOptional()
  @IsIn([20, 100])
  page_size?: 20 | 100;

  @ApiPropertyOptional({ default: 10_000, description: 'Stop after this many pages.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  max_pages?: number;

  @ApiPropertyOptional({ description: 'A delta pull: only Locations changed since (inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  date_from?: string;

  @ApiPropertyOptional({ description: "The CPO's country code, for 2.1.1 Locations (default: the registered CPO's)." })
  @IsOptional()
  @IsString()
  country_code?: string;

  @ApiPropertyOptional({ description: "The CPO's party id, for 2.1.1 Locations (default: the registered CPO's)." })
  @IsOptional()
  @IsString()
  party_id?: string;
}
