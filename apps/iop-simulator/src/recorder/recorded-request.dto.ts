import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordedRequest } from './recorded-request';

/** One received request as GET /admin/requests answers it (documentation of RecordedRequest). */
export class RecordedRequestDto implements RecordedRequest {
  @ApiProperty({ description: 'Arrival order, from 1; pass the last one seen as `since` to read only newer requests.' })
  seq!: number;

  @ApiProperty({ example: 'PATCH' })
  method!: string;

  @ApiProperty({ example: '/ocpi/emsp/2.1.1/locations/FR/ABC/LOC1/EVSE1' })
  path!: string;

  @ApiProperty({ example: '2.1.1' })
  version!: string;

  @ApiPropertyOptional()
  location_id?: string;

  @ApiPropertyOptional()
  evse_uid?: string;

  @ApiPropertyOptional()
  connector_id?: string;

  @ApiProperty({ description: 'The JSON body received.', example: { status: 'CHARGING', last_updated: '2026-11-23T10:00:00Z' } })
  body!: unknown;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  headers!: Record<string, string>;

  @ApiProperty({ format: 'date-time' })
  received_at!: string;

  @ApiProperty({ description: 'The HTTP status the simulator answered.' })
  http_status!: number;

  @ApiPropertyOptional({ description: 'The OCPI status code the simulator answered.' })
  ocpi_status_code?: number;

  @ApiProperty({ type: [String], description: 'Problems the simulator noted in the request.' })
  problems!: string[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The injected fault that answered instead of the IOP (see /admin/faults).' })
  fault?: string | null;

  @ApiPropertyOptional({ format: 'date-time' })
  completed_at?: string;
}
