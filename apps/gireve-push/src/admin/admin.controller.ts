import { Body, Controller, DefaultValuePipe, Get, HttpCode, ParseIntPipe, Post, Query, UseGuards, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAdminApiKey, ApiErrorDto } from '@app/platform';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { ParkedObjectDto } from './parked-object.dto';
import { type ParkedObject, ParkedService } from './parked.service';
import { ReplayParkedDto } from './replay-parked.dto';

/** Operator endpoints: what the IOP refused, and pushing it again once fixed. */
@ApiTags('parked objects')
@ApiAdminApiKey()
@ApiForbiddenResponse({ description: 'Admin endpoints are disabled: ADMIN_API_KEY_SHA256 is not set.', type: ApiErrorDto })
@Controller('admin/parked')
@UseGuards(AdminApiKeyGuard)
export class AdminController {
  constructor(private readonly parked: ParkedService) {}

  @Get()
  @ApiOperation({
    summary: 'List parked objects',
    description: 'EVSE statuses and Locations the IOP refused (HTTP 4xx or OCPI 2xxx), oldest first. They are not pushed again until replayed.',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'Most objects returned (1 to 10000).', example: 1000 })
  @ApiOkResponse({ type: [ParkedObjectDto] })
  @ApiBadRequestResponse({ description: 'limit is not an integer.', type: ApiErrorDto })
  list(@Query('limit', new DefaultValuePipe(1000), ParseIntPipe) limit: number): Promise<ParkedObject[]> {
    return this.parked.list(Math.min(Math.max(limit, 1), 10_000));
  }

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Push parked objects again',
    description: 'Makes the parked objects of a kind (all, or the listed keys) due again, with their newest state, once the cause of the refusal is fixed.',
  })
  @ApiOkResponse({ description: 'How many objects were made due again.', schema: { type: 'object', properties: { replayed: { type: 'integer', example: 3 } } } })
  @ApiBadRequestResponse({ description: 'The body is not a valid replay request.', type: ApiErrorDto })
  async replay(@Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) dto: ReplayParkedDto): Promise<{ replayed: number }> {
    return { replayed: await this.parked.replay(dto.kind, dto.keys) };
  }
}
