import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { FaultsDto } from './faults.dto';
import { FaultsService } from './faults.service';
import { InflightStatsService } from './inflight-stats.service';

/** Admin API (not OCPI): switch faults at run time and read the in-flight statistics. */
@Controller('admin')
export class FaultsController {
  constructor(
    private readonly faults: FaultsService,
    private readonly stats: InflightStatsService,
  ) {}

  @Put('faults')
  set(@Body() faults: FaultsDto): FaultsDto {
    return this.faults.set(faults);
  }

  @Get('faults')
  get(): FaultsDto {
    return this.faults.active();
  }

  @Delete('faults')
  @HttpCode(204)
  clear(): void {
    this.faults.clear();
  }

  @Get('stats')
  snapshot() {
    return this.stats.snapshot();
  }
}
