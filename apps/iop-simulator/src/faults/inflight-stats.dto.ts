import { ApiProperty } from '@nestjs/swagger';

export class InflightViolationDto {
  @ApiProperty({ description: 'The EVSE that had two requests in flight.' })
  evse_uid!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

/** GET /admin/stats: what the simulated IOP saw of the push's per-EVSE ordering. */
export class InflightStatsDto {
  @ApiProperty({ description: 'OCPI requests received.' })
  requests_total!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Answers by HTTP status.', example: { 200: 980, 503: 20 } })
  by_http_status!: Record<string, number>;

  @ApiProperty({ description: 'Most requests ever in flight at once for one EVSE (the push promises 1).' })
  max_in_flight_per_evse!: number;

  @ApiProperty({ type: [InflightViolationDto], description: 'Each time a second request for an EVSE arrived while one was in flight (first 1000).' })
  in_flight_violations!: InflightViolationDto[];
}
