import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorDto } from '@app/platform';
import { FaultsDto } from './faults.dto';
import { FaultsService } from './faults.service';
import { InflightStatsDto } from './inflight-stats.dto';
import { InflightStatsService } from './inflight-stats.service';

/** Admin API (not OCPI): switch faults at run time and read the in-flight statistics. */
@ApiTags('faults')
@Controller('admin')
export class FaultsController {
  constructor(
    private readonly faults: FaultsService,
    private readonly stats: InflightStatsService,
  ) {}

  @Put('faults')
  @ApiOperation({ summary: 'Set the injected faults', description: 'Replaces every active fault; the OCPI answers that follow get them.' })
  @ApiOkResponse({ type: FaultsDto, description: 'The faults now active.' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'A fault is out of range or unknown.' })
  set(@Body() faults: FaultsDto): FaultsDto {
    return this.faults.set(faults);
  }

  @Get('faults')
  @ApiOperation({ summary: 'Read the injected faults' })
  @ApiOkResponse({ type: FaultsDto })
  get(): FaultsDto {
    return this.faults.active();
  }

  @Delete('faults')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop injecting faults' })
  @ApiNoContentResponse()
  clear(): void {
    this.faults.clear();
  }

  @Post('faults/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release held requests', description: 'Requests held by the `held` fault go on and are applied; their answers are lost.' })
  @ApiOkResponse({ description: 'How many were released.' })
  release(): { released: number } {
    return { released: this.faults.releaseHeld() };
  }

  @Get('faults/held')
  @ApiOperation({ summary: 'Count held requests' })
  @ApiOkResponse({ description: 'Requests waiting for a release.' })
  heldCount(): { held: number } {
    return { held: this.faults.heldCount() };
  }

  @Get('stats')
  @ApiOperation({ summary: 'Read the in-flight statistics', description: 'Whether the push ever had two requests in flight for one EVSE, and the answers given.' })
  @ApiOkResponse({ type: InflightStatsDto })
  snapshot(): InflightStatsDto {
    return this.stats.snapshot();
  }
}
