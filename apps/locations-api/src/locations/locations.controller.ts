import { Controller, DefaultValuePipe, Get, Header, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ocpiSuccess } from '@app/ocpi';
import type { Response } from 'express';
import { LocationsApiSettings } from '../locations-api.settings';
import { LocationsService } from './locations.service';

/** OCPI 2.1.1 Locations sender: the IOP pulls our Locations here. */
@Controller('ocpi/cpo/2.1.1/locations')
export class LocationsController {
  constructor(
    private readonly locations: LocationsService,
    private readonly settings: LocationsApiSettings,
  ) {}

  @Get()
  @Header('content-type', 'application/json')
  async list(
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
    @Query('limit', new DefaultValuePipe(Number.MAX_SAFE_INTEGER), ParseIntPipe) requested: number,
    @Res({ passthrough: true }) res: Response,
  ) {
    const limit = Math.min(requested, this.settings.OCPI_PAGE_LIMIT);
    const page = await this.locations.page(offset, limit);
    res.setHeader('X-Total-Count', String(page.total));
    res.setHeader('X-Limit', String(limit));
    if (offset + page.locations.length < page.total) {
      res.setHeader('Link', `<${this.settings.OCPI_PUBLIC_URL}/ocpi/cpo/2.1.1/locations?offset=${offset + limit}&limit=${limit}>; rel="next"`);
    }
    return ocpiSuccess(page.locations);
  }
}
