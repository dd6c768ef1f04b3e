import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { NativeStatusEventDto } from './native-status-event.dto';
import { StatusEventsService } from './status-events.service';

@Controller('v1/status-events')
export class StatusEventsController {
  constructor(private readonly statusEvents: StatusEventsService) {}

  /** 202 only once Kafka has the event: an accepted event is never lost. */
  @Post('native')
  @HttpCode(202)
  async acceptNative(@Body() dto: NativeStatusEventDto, @Req() req: Request): Promise<{ event_id: string }> {
    return { event_id: await this.statusEvents.acceptNative(dto, String(req.id)) };
  }
}
