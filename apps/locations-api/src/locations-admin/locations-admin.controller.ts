import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseArrayPipe,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { OcppBindingV1 } from '@app/messaging';
import { ApiAdminApiKey, ApiErrorDto } from '@app/platform';
import type { Request, Response } from 'express';
import { LocationsApiSettings } from '../locations-api.settings';
import { LocationStoreService } from '../location-store/location-store.service';
import type { StoredLocation } from '../location-store/stored-location';
import { OcpiIdPipe } from '../ocpi/ocpi-id.pipe';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { LocationErrorsFilter } from './location-errors.filter';
import {
  ImportReportDto,
  InvalidLocationDto,
  LocationAnswerDto,
  LocationsPageDto,
  LocationWithBindingsDto,
  LocationWrittenDto,
  OCPI_LOCATION_SCHEMA,
  OcppBindingDto,
  OcppBindingsAnswerDto,
} from './locations-admin.dto';
import { LocationsAdminService } from './locations-admin.service';
import { readJsonBody } from './read-json-body';
import { tariffWarnings } from './tariff-warnings';

/** The Location id of the routes under :id. */
/** Largest page of GET /admin/locations. */
const MAX_PAGE = 500;

const LOCATION_ID = ApiParam({ name: 'id', description: 'The Location id (case-insensitive, an OCPI CiString).' });

/**
 * The CPO's admin API: the system of record of its Locations. Bodies are OCPI
 * 2.2.1 Locations (validated against the GIREVE profile); `last_updated` is set
 * by the server. EVSEs are never deleted, only marked REMOVED. The OCPP
 * identity of each EVSE is kept beside the Location, never served over OCPI.
 */
@ApiTags('Locations (admin)')
@ApiAdminApiKey()
@Controller('admin/locations')
@UseGuards(AdminApiKeyGuard)
@UseFilters(LocationErrorsFilter)
export class LocationsAdminController {
  constructor(
    private readonly admin: LocationsAdminService,
    private readonly store: LocationStoreService,
    private readonly settings: LocationsApiSettings,
  ) {}

  /** Bulk import: a JSON array of Locations (2.2.1, or 2.1.1 with ?ocpi_version=2.1.1); bad ones are listed, good ones kept. */
  @ApiOperation({
    summary: 'Import Locations in bulk',
    description:
      'A JSON array of Locations (OCPI 2.2.1, or 2.1.1 with ?ocpi_version=2.1.1, converted). Each Location is created, replaced or left unchanged; each invalid one is listed with its errors while the others are kept. Largest body: ADMIN_IMPORT_MAX_MB.',
  })
  @ApiQuery({ name: 'ocpi_version', required: false, enum: ['2.2.1', '2.1.1'], description: 'The OCPI version of the Locations in the body (default 2.2.1).' })
  @ApiBody({ schema: { type: 'array', items: OCPI_LOCATION_SCHEMA } })
  @ApiOkResponse({ type: ImportReportDto, description: 'What was created, replaced, unchanged and rejected.' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Unknown ocpi_version, invalid JSON, or a body that is not an array.' })
  @ApiPayloadTooLargeResponse({ type: ApiErrorDto, description: 'The body exceeds ADMIN_IMPORT_MAX_MB.' })
  @Post('import')
  @HttpCode(200)
  async import(@Req() request: Request, @Query('ocpi_version') version = '2.2.1') {
    if (version !== '2.2.1' && version !== '2.1.1') throw new BadRequestException('ocpi_version must be 2.1.1 or 2.2.1');
    const entries = await readJsonBody(request, this.settings.ADMIN_IMPORT_MAX_MB * 1024 * 1024);
    if (!Array.isArray(entries)) throw new BadRequestException('The body must be a JSON array of Locations');
    return this.admin.import(entries, version);
  }

  @ApiOperation({ summary: 'Create a Location', description: 'Stored, then published to Kafka (and pushed to GIREVE) through the outbox.' })
  @ApiBody({ schema: OCPI_LOCATION_SCHEMA })
  @ApiCreatedResponse({ type: LocationWrittenDto })
  @ApiBadRequestResponse({ type: InvalidLocationDto, description: "The Location breaks OCPI 2.2.1 or GIREVE's profile; every error is listed." })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'A Location with this id exists: replace it with PUT.' })
  @Post()
  async create(@Body() body: unknown) {
    return written(await this.admin.create(body));
  }

  /** Creates (201) or replaces (200) the Location with this id. */
  @ApiOperation({ summary: 'Create or replace a Location', description: 'EVSEs missing from the new version are kept, marked REMOVED, as OCPI requires.' })
  @ApiBody({ schema: OCPI_LOCATION_SCHEMA })
  @ApiOkResponse({ type: LocationWrittenDto, description: 'Replaced.' })
  @ApiCreatedResponse({ type: LocationWrittenDto, description: 'Created.' })
  @ApiBadRequestResponse({ type: InvalidLocationDto, description: "The Location breaks OCPI 2.2.1 or GIREVE's profile, or its id is not the one in the URL." })
  @Put(':id')
  @LOCATION_ID
  async replace(@Param('id', new OcpiIdPipe('id')) id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { location, outcome } = await this.admin.replace(id, body);
    res.status(outcome === 'created' ? 201 : 200);
    return written(location);
  }

  @ApiOperation({ summary: 'Update fields of a Location', description: 'A partial OCPI 2.2.1 Location, merged into the stored one; id, country_code and party_id cannot change.' })
  @ApiBody({ schema: { type: 'object', description: 'Fields of an OCPI 2.2.1 Location.', example: { name: 'Parking Hôtel de Ville (niveau -2)' } } })
  @ApiOkResponse({ type: LocationWrittenDto })
  @ApiBadRequestResponse({ type: InvalidLocationDto, description: "The body is not an object, or the result breaks OCPI 2.2.1 or GIREVE's profile." })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown Location.' })
  @Patch(':id')
  @LOCATION_ID
  async update(@Param('id', new OcpiIdPipe('id')) id: string, @Body() patch: unknown) {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new BadRequestException('The body must be a JSON object');
    return written(await this.store.patch(id, patch as Record<string, unknown>));
  }

  /** What Check Locations (gireve-push) compares the IOP with: the system of record, page by page. */
  @ApiOperation({
    summary: 'List the Locations',
    description: 'The Locations as stored (OCPI 2.2.1, live EVSE statuses), in creation order, a page at a time: pass `next_after` as `after` until it is null.',
  })
  @ApiQuery({ name: 'after', required: false, description: 'The `next_after` of the previous page.' })
  @ApiQuery({ name: 'limit', required: false, description: `Locations per page, 1 to ${MAX_PAGE} (default ${MAX_PAGE}).` })
  @ApiOkResponse({ type: LocationsPageDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: '`after` or `limit` is not a valid number.' })
  @Get()
  async list(@Query('after') after = '0', @Query('limit') limit = String(MAX_PAGE)): Promise<LocationsPageDto> {
    if (!/^\d{1,18}$/.test(after)) throw new BadRequestException('after must be the next_after of a previous page');
    const size = /^\d{1,4}$/.test(limit) ? Number(limit) : 0;
    if (size < 1 || size > MAX_PAGE) throw new BadRequestException(`limit must be an integer from 1 to ${MAX_PAGE}`);
    const page = await this.store.page(after, size);
    return { locations: page.locations, next_after: page.locations.length === size ? page.last_seq : null };
  }

  @ApiOperation({ summary: 'Read a Location and the OCPP identities of its EVSEs' })
  @ApiOkResponse({ type: LocationWithBindingsDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown Location.' })
  @Get(':id')
  @LOCATION_ID
  async get(@Param('id', new OcpiIdPipe('id')) id: string) {
    const found = await this.store.get(id);
    if (!found) throw new NotFoundException(`Unknown Location ${id}`);
    return found;
  }

  /** Marks every EVSE of the Location REMOVED: OCPI never deletes a Location (Sessions and CDRs refer to it). */
  @ApiOperation({
    summary: 'Remove a Location',
    description: 'Marks every EVSE of the Location REMOVED; the Location stays, as OCPI requires, and the IOP receives it with every EVSE REMOVED.',
  })
  @ApiOkResponse({ type: LocationAnswerDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown Location.' })
  @Delete(':id')
  @LOCATION_ID
  async removeLocation(@Param('id', new OcpiIdPipe('id')) id: string) {
    return { location: await this.store.removeLocation(id) };
  }

  /** Marks the EVSE REMOVED (it stays, as OCPI requires). */
  @ApiOperation({ summary: 'Remove an EVSE', description: 'Marks the EVSE REMOVED: it stays in the Location, as OCPI requires.' })
  @ApiParam({ name: 'evseUid', description: 'The EVSE uid.' })
  @ApiOkResponse({ type: LocationAnswerDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown Location or EVSE.' })
  @Delete(':id/evses/:evseUid')
  @LOCATION_ID
  async removeEvse(@Param('id', new OcpiIdPipe('id')) id: string, @Param('evseUid', new OcpiIdPipe('evseUid')) evseUid: string) {
    return { location: await this.store.removeEvse(id, evseUid) };
  }

  /** Replaces the OCPP identities (charge point + OCPP 1.6 connector id or OCPP 2.0.1 EVSE id) of the Location's EVSEs. */
  @ApiOperation({
    summary: "Set the OCPP identities of a Location's EVSEs",
    description: 'Replaces them all: which charge point (and OCPP 1.6 connector id or OCPP 2.0.1 EVSE id) feeds the status of each EVSE. Kept beside the Location, never served over OCPI.',
  })
  @ApiBody({ type: [OcppBindingDto] })
  @ApiOkResponse({ type: OcppBindingsAnswerDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'A binding is invalid, or names an EVSE the Location does not have (listed in errors).' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'Unknown Location.' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'A charger connector or EVSE is already bound to another EVSE.' })
  @Put(':id/ocpp-bindings')
  @LOCATION_ID
  async setBindings(
    @Param('id', new OcpiIdPipe('id')) id: string,
    @Body(new ParseArrayPipe({ items: OcppBindingV1, whitelist: true, forbidNonWhitelisted: true })) bindings: OcppBindingV1[],
  ) {
    return { ocpp_bindings: await this.store.setBindings(id, bindings) };
  }
}

/** The answer to a CPO's write: the stored Location and what GIREVE will not take as sent. */
function written(location: StoredLocation): LocationWrittenDto {
  return { location, warnings: tariffWarnings(location) };
}
