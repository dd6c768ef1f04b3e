import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';

/**
 * `applied_reset`: the change is applied, then the connection is cut instead of answered (the client cannot
 * tell whether it was applied); `held`: the request waits, unapplied, until POST /admin/faults/release, then is
 * applied with its answer lost (the client has long given up): a late-applied write. The others are refused.
 */
export const ERROR_KINDS = ['http_500', 'http_503', 'timeout', 'reset', 'ocpi_3000', 'applied_reset', 'held'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class RateLimitDto {
  @ApiProperty({ minimum: 1, description: 'Every n-th OCPI request gets a 429.', example: 10 })
  @IsInt()
  @Min(1)
  every_nth!: number;

  @ApiProperty({ minimum: 0, maximum: 3600, description: 'Retry-After of the 429, in seconds.', example: 1 })
  @IsInt()
  @Min(0)
  @Max(3600)
  retry_after_s!: number;
}

/** The faults the simulated IOP injects into its OCPI answers, switchable at run time. */
export class FaultsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 60_000, description: 'Added to every OCPI answer, in milliseconds.', example: 50 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latency_ms?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Share of OCPI requests answered with one of error_kinds.', example: 0.1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  error_rate?: number;

  @ApiPropertyOptional({ enum: ERROR_KINDS, isArray: true, description: 'The errors error_rate draws from.' })
  @IsOptional()
  @IsArray()
  @IsIn(ERROR_KINDS, { each: true })
  error_kinds?: ErrorKind[];

  @ApiPropertyOptional({
    enum: ERROR_KINDS,
    isArray: true,
    maxItems: 1000,
    description: 'Faults for the next requests to the Locations receiver (not version discovery), one each, in order, before error_rate draws: a deterministic script.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsIn(ERROR_KINDS, { each: true })
  next_faults?: ErrorKind[];

  @ApiPropertyOptional({ type: RateLimitDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rate_limit?: RateLimitDto;

  @ApiPropertyOptional({ description: 'The IOP is down: every OCPI call gets a 503.' })
  @IsOptional()
  @IsBoolean()
  outage?: boolean;

  @ApiPropertyOptional({ type: [String], maxItems: 10_000, description: 'These EVSEs are always refused with a 4xx (HTTP 400, OCPI 2001).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  refuse_evse_uids?: string[];

  @ApiPropertyOptional({ description: 'Every OCPI call gets a 401, as after a token change at the IOP.' })
  @IsOptional()
  @IsBoolean()
  unauthorized?: boolean;
}
