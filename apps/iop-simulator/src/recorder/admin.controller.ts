import { Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RecordedRequestDto } from './recorded-request.dto';
import { RequestRecorderService } from './request-recorder.service';

/** The simulator's own admin API (not OCPI): what was received, and a reset. */
@ApiTags('requests')
@Controller('admin')
export class AdminController {
  constructor(private readonly recorder: RequestRecorderService) {}

  @Get('requests')
  @ApiOperation({ summary: 'List the OCPI requests received', description: 'In arrival order, with what the simulator answered; the filters combine.' })
  @ApiQuery({ name: 'evse_uid', required: false, description: 'Only requests about this EVSE.' })
  @ApiQuery({ name: 'location_id', required: false, description: 'Only requests about this Location.' })
  @ApiQuery({ name: 'since', required: false, type: Number, description: 'Only requests with a greater seq.' })
  @ApiOkResponse({ type: [RecordedRequestDto] })
  list(@Query('evse_uid') evse_uid?: string, @Query('location_id') location_id?: string, @Query('since') since?: string): RecordedRequestDto[] {
    return this.recorder.list({ evse_uid, location_id, since: since === undefined ? undefined : Number(since) });
  }

  @Delete('requests')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the requests received' })
  @ApiNoContentResponse()
  clear(): void {
    this.recorder.clear();
  }
}
