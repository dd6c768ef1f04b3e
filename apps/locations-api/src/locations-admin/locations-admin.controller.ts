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
import { OcppBindingV1 } from '@app/messaging';
import type { Request, Response } from 'express';
import { LocationsApiSettings } from '../locations-api.settings';
import { LocationStoreService } from '../location-store/location-store.service';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { LocationErrorsFilter } from './location-errors.filter';
import { LocationsAdminService } from './locations-admin.service';
import { readJsonBody } from './read-json-body';

/**
 * The CPO's admin API: the system of record of its Locations. Bodies are OCPI
 * 2.2.1 Locations (validated against the GIREVE profile); `last_updated` is set
 * by the server. EVSEs are never deleted, only marked REMOVED. The OCPP
 * identity of each EVSE is kept beside the Location, never served over OCPI.
 */
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
  @Post('import')
  @HttpCode(200)
  async import(@Req() request: Request, @Query('ocpi_version') version = '2.2.1') {
    if (version !== '2.2.1' && version !== '2.1.1') throw new BadRequestException('ocpi_version must be 2.1.1 or 2.2.1');
    const entries = await readJsonBody(request, this.settings.ADMIN_IMPORT_MAX_MB * 1024 * 1024);
    if (!Array.isArray(entries)) throw new BadRequestException('The body must be a JSON array of Locations');
    return this.admin.import(entries, version);
  }

  @Post()
  async create(@Body() body: unknown) {
    return { location: await this.admin.create(body) };
  }

  /** Creates (201) or replaces (200) the Location with this id. */
  @Put(':id')
  async replace(@Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { location, outcome } = await this.admin.replace(id, body);
    res.status(outcome === 'created' ? 201 : 200);
    return { location };
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() patch: unknown) {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new BadRequestException('The body must be a JSON object');
    return { location: await this.store.patch(id, patch as Record<string, unknown>) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const found = await this.store.get(id);
    if (!found) throw new NotFoundException(`Unknown Location ${id}`);
    return found;
  }

  /** Marks the EVSE REMOVED (it stays, as OCPI requires). */
  @Delete(':id/evses/:evseUid')
  async removeEvse(@Param('id') id: string, @Param('evseUid') evseUid: string) {
    return { location: await this.store.removeEvse(id, evseUid) };
  }

  /** Replaces the OCPP identities (charge point + OCPP 1.6 connector id or OCPP 2.0.1 EVSE id) of the Location's EVSEs. */
  @Put(':id/ocpp-bindings')
  async setBindings(
    @Param('id') id: string,
    @Body(new ParseArrayPipe({ items: OcppBindingV1, whitelist: true, forbidNonWhitelisted: true })) bindings: OcppBindingV1[],
  ) {
    return { ocpp_bindings: await this.store.setBindings(id, bindings) };
  }
}
