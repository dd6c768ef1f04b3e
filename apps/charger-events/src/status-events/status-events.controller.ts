import { Body, Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { StatusSource } from '@app/messaging';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IngestApiKeyGuard } from '../ingest-auth/ingest-api-key.guard';
import { NativeStatusEventDto } from './native-status-event.dto';
import { Ocpp16StatusNotificationDto } from './ocpp16-status-notification.dto';
import { Ocpp201StatusNotificationDto } from './ocpp201-status-notification.dto';
import { StatusEventsService } from './status-events.service';

/** Batch answers are sent as the JSON text the service rendered before waiting for Kafka. */
const BATCH_ANSWER_TYPE = 'application/json; charset=utf-8';

/**
 * The ingest API. Bodies are validated by the service (libs/ocpi validators
 * report every problem with its path), not by a pipe, so a batch can answer
 * per event. 202 only once Kafka has the events: an accepted event is never lost.
 */
@ApiTags('status events')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: 'Malformed JSON, a wrong type or an unknown status; the message names each field.' })
@ApiResponse({ status: 401, description: 'Missing or unknown API key.' })
@ApiResponse({ status: 413, description: 'Body larger than MAX_BODY_BYTES.' })
@ApiResponse({ status: 503, description: 'Kafka did not acknowledge, or the EVSE registry is still loading: nothing was accepted; retry.' })
@UseGuards(IngestApiKeyGuard)
@Controller('v1/status-events')
export class StatusEventsController {
  constructor(private readonly statusEvents: StatusEventsService) {}

  @Post('native')
  @HttpCode(202)
  @ApiOperation({ summary: 'One status change in OCPI terms (Location id, EVSE uid, OCPI status).' })
  @ApiBody({ type: NativeStatusEventDto })
  @ApiResponse({ status: 202, description: 'Published to Kafka.' })
  @ApiResponse({ status: 422, description: 'Unknown or REMOVED EVSE, or a timestamp too far ahead or too old.' })
  async native(@Body() body: unknown, @Req() request: FastifyRequest): Promise<{ event_ids: string[] }> {
    return this.one('ocpi', body, request);
  }

  @Post('ocpp16')
  @HttpCode(202)
  @ApiOperation({ summary: 'One OCPP 1.6 StatusNotification (connector 0 applies to every EVSE of the charge point).' })
  @ApiBody({ type: Ocpp16StatusNotificationDto })
  @ApiResponse({ status: 202, description: 'Published to Kafka (one event per EVSE concerned).' })
  @ApiResponse({ status: 422, description: 'Unknown charge point or connector, REMOVED EVSE, or a timestamp too far ahead or too old.' })
  async ocpp16(@Body() body: unknown, @Req() request: FastifyRequest): Promise<{ event_ids: string[] }> {
    return this.one('ocpp16', body, request);
  }

  @Post('ocpp201')
  @HttpCode(202)
  @ApiOperation({ summary: 'One OCPP 2.0.1 StatusNotification (the EVSE status folds its connectors).' })
  @ApiBody({ type: Ocpp201StatusNotificationDto })
  @ApiResponse({ status: 202, description: 'Published to Kafka.' })
  @ApiResponse({ status: 422, description: 'Unknown station or EVSE, REMOVED EVSE, or a timestamp too far ahead or too old.' })
  async ocpp201(@Body() body: unknown, @Req() request: FastifyRequest): Promise<{ event_ids: string[] }> {
    return this.one('ocpp201', body, request);
  }

  @Post('native/batch')
  @HttpCode(200)
  @Header('content-type', BATCH_ANSWER_TYPE)
  @ApiOperation({ summary: 'Up to MAX_BATCH_EVENTS native events as { events: [...] }; answered per event.' })
  @ApiResponse({ status: 200, description: 'Each event accepted (published) or rejected with its reason.' })
  async nativeBatch(@Body() body: unknown, @Req() request: FastifyRequest): Promise<string> {
    return this.statusEvents.acceptBatch('ocpi', body, correlationIdOf(request), JSON.stringify);
  }

  @Post('ocpp16/batch')
  @HttpCode(200)
  @Header('content-type', BATCH_ANSWER_TYPE)
  @ApiOperation({ summary: 'Up to MAX_BATCH_EVENTS OCPP 1.6 StatusNotifications as { events: [...] }; answered per event.' })
  @ApiResponse({ status: 200, description: 'Each event accepted (published) or rejected with its reason.' })
  async ocpp16Batch(@Body() body: unknown, @Req() request: FastifyRequest): Promise<string> {
    return this.statusEvents.acceptBatch('ocpp16', body, correlationIdOf(request), JSON.stringify);
  }

  @Post('ocpp201/batch')
  @HttpCode(200)
  @Header('content-type', BATCH_ANSWER_TYPE)
  @ApiOperation({ summary: 'Up to MAX_BATCH_EVENTS OCPP 2.0.1 StatusNotifications as { events: [...] }; answered per event.' })
  @ApiResponse({ status: 200, description: 'Each event accepted (published) or rejected with its reason.' })
  async ocpp201Batch(@Body() body: unknown, @Req() request: FastifyRequest): Promise<string> {
    return this.statusEvents.acceptBatch('ocpp201', body, correlationIdOf(request), JSON.stringify);
  }

  private async one(source: StatusSource, body: unknown, request: FastifyRequest): Promise<{ event_ids: string[] }> {
    return { event_ids: await this.statusEvents.acceptOne(source, body, correlationIdOf(request)) };
  }
}

/** The request id pino-http assigned (from X-Correlation-ID when the sender gave one). */
function correlationIdOf(request: FastifyRequest): string {
  return String(request.id);
}
