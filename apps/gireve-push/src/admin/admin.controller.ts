import { Body, Controller, DefaultValuePipe, Get, HttpCode, ParseIntPipe, Post, Query, UseGuards, ValidationPipe } from '@nestjs/common';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { type ParkedObject, ParkedService } from './parked.service';
import { ReplayParkedDto } from './replay-parked.dto';

/** Operator endpoints: what the IOP refused, and pushing it again once fixed. */
@Controller('admin/parked')
@UseGuards(AdminApiKeyGuard)
export class AdminController {
  constructor(private readonly parked: ParkedService) {}

  @Get()
  list(@Query('limit', new DefaultValuePipe(1000), ParseIntPipe) limit: number): Promise<ParkedObject[]> {
    return this.parked.list(Math.min(Math.max(limit, 1), 10_000));
  }

  @Post('replay')
  @HttpCode(200)
  async replay(@Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) dto: ReplayParkedDto): Promise<{ replayed: number }> {
    return { replayed: await this.parked.replay(dto.kind, dto.keys) };
  }
}
