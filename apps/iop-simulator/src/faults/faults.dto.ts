import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';

export const ERROR_KINDS = ['http_500', 'http_503', 'timeout', 'reset', 'ocpi_3000'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class RateLimitDto {
  /** Every n-th OCPI request gets a 429. */
  @IsInt()
  @Min(1)
  every_nth!: number;

  @IsInt()
  @Min(0)
  @Max(3600)
  retry_after_s!: number;
}

/** The faults the simulated IOP injects into its OCPI answers, switchable at run time. */
export class FaultsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latency_ms?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  error_rate?: number;

  @IsOptional()
  @IsArray()
  @IsIn(ERROR_KINDS, { each: true })
  error_kinds?: ErrorKind[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rate_limit?: RateLimitDto;

  /** The IOP is down: every OCPI call gets a 503. */
  @IsOptional()
  @IsBoolean()
  outage?: boolean;

  /** These EVSEs are always refused with a 4xx (HTTP 400, OCPI 2001). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  refuse_evse_uids?: string[];

  /** Every OCPI call gets a 401, as after a token change at the IOP. */
  @IsOptional()
  @IsBoolean()
  unauthorized?: boolean;
}
