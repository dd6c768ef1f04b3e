import { Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import { RequestRecorderService } from './request-recorder.service';

/** The simulator's own admin API (not OCPI): what was received, and a reset. */
@Controller('admin')
export class AdminController {
  constructor(private readonly recorder: RequestRecorderService) {}

  @Get('requests')
  list(@Query('evse_uid') evse_uid?: string, @Query('location_id') location_id?: string, @Query('since') since?: string) {
    return this.recorder.list({ evse_uid, location_id, since: since === undefined ? undefined : Number(since) });
  }

  @Delete('requests')
  @HttpCode(204)
  clear(): void {
    this.recorder.clear();
  }
}
