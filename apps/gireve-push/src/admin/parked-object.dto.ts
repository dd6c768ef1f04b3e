import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ParkedObject } from './parked.service';

/** A parked object as GET /admin/parked answers it (documentation of ParkedObject). */
export class ParkedObjectDto implements ParkedObject {
  @ApiProperty({ enum: ['evse_status', 'location'] })
  kind!: 'evse_status' | 'location';

  @ApiProperty({ description: 'EVSE key (country/party/location/evse) or Location key (country/party/location).', example: 'FR/ABC/LOC1/EVSE1' })
  key!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  parked_at!: Date;

  @ApiProperty({ description: 'Why the IOP refused it: its HTTP status, OCPI status code and message.', example: 'HTTP 400, OCPI 2001 Unknown EVSE' })
  reason!: string;

  @ApiProperty({ description: 'Requests made before it was parked.' })
  attempts!: number;

  @ApiPropertyOptional({ description: 'The refused EVSE status (kind evse_status).', example: 'CHARGING' })
  status?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When the refused status happened (kind evse_status).' })
  event_time?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When the refused Location changed (kind location).' })
  changed_at?: Date;
}
