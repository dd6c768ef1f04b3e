import { Controller, Get, Param, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { OcpiStatusCode, ocpiSuccess, type OcpiVersion } from '@app/ocpi';
import type { Response } from 'express';
import { LocationsApiSettings } from '../locations-api.settings';
import { OcpiLocationFormat } from '../location-store/ocpi-location-format';
import { sameId } from '../location-store/stored-location';
import { OcpiAuthGuard } from '../ocpi/ocpi-auth.guard';
import { OcpiHttpException, ocpiParameterError } from '../ocpi/ocpi-http.exception';
import { OcpiIdPipe } from '../ocpi/ocpi-id.pipe';
import { ocpiModuleUrl } from '../ocpi/ocpi-urls';
import { ocpiSuccessOfJsonList } from '../ocpi/ocpi-success-bytes';
import { OcpiVersionPipe } from '../ocpi/ocpi-version.pipe';
import { RoutingHeadersInterceptor } from '../ocpi/routing-headers.interceptor';
import { PullMetricsInterceptor } from '../metrics/pull-metrics.interceptor';
import { LocationsService } from './locations.service';
import { nextPageQuery, type PageQuery, parsePageRequest } from './page-request';

/**
 * An unknown object is HTTP 404 with 2003: for a GET of a resource that does
 * not exist, OCPI (2.1.1 and 2.2.1 status_codes) says the server SHOULD answer
 * 404; 2003 "Unknown Location" is the closest OCPI code (no code exists for an
 * unknown EVSE or Connector).
 */
const unknown = (what: string) => new OcpiHttpException(404, OcpiStatusCode.UNKNOWN_LOCATION, `Unknown ${what}`);

/** 2.1.1 ids are string(39) (Location, EVSE) and string(36) (Connector); 2.2.1's are all CiString(36). Longer, or not printable ASCII: 2001. */
const LOCATION_ID = new OcpiIdPipe('location_id', { maxLength: 39, refuse: ocpiParameterError });
const EVSE_UID = new OcpiIdPipe('evse_uid', { maxLength: 39, refuse: ocpiParameterError });
const CONNECTOR_ID = new OcpiIdPipe('connector_id', { refuse: ocpiParameterError });

/** The Locations sender module (2.1.1 and 2.2.1): the IOP pulls our Locations here (2.1.1: published ones only). */
@ApiTags('OCPI (called by GIREVE)')
@Controller('ocpi/cpo/:version/locations')
@UseGuards(OcpiAuthGuard)
@UseInterceptors(RoutingHeadersInterceptor, PullMetricsInterceptor)
export class LocationsController {
  constructor(
    private readonly locations: LocationsService,
    private readonly format: OcpiLocationFormat,
    private readonly settings: LocationsApiSettings,
  ) {}

  /** Writes the response itself: a 2.2.1 page is the stored JSON bytes inside the envelope, never parsed. */
  @Get()
  @ApiQuery({ name: 'date_from', required: false, description: 'Only Locations changed at or after (OCPI DateTime).' })
  @ApiQuery({ name: 'date_to', required: false, description: 'Only Locations changed before (OCPI DateTime).' })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'Capped at X-Limit.' })
  @ApiQuery({ name: 'cursor', required: false, description: 'Opaque: carried by the Link of the previous page.' })
  async list(@Param('version', OcpiVersionPipe) version: OcpiVersion, @Query() query: PageQuery, @Res() res: Response): Promise<void> {
    const cap = this.settings.OCPI_PAGE_LIMIT;
    const request = parsePageRequest(query, cap);
    if (typeof request === 'string') throw ocpiParameterError(request);
    const page = await this.locations.page(request, version);
    res.setHeader('X-Total-Count', String(page.total));
    // 2.1.1: the page size used; 2.2.1: our maximum page size, whatever was asked.
    res.setHeader('X-Limit', String(version === '2.1.1' ? request.limit : cap));
    if (page.next) res.setHeader('Link', `<${ocpiModuleUrl(this.settings, version, 'locations')}?${nextPageQuery(request, page.next)}>; rel="next"`);
    if (version === '2.1.1') {
      res.json(ocpiSuccess(page.locations.map((text) => this.format.present(JSON.parse(text), version))));
    } else {
      res.type('application/json').end(ocpiSuccessOfJsonList(page.locations));
    }
  }

  @Get(':location_id')
  async location(@Param('version', OcpiVersionPipe) version: OcpiVersion, @Param('location_id', LOCATION_ID) locationId: string) {
    return ocpiSuccess(this.format.present(await this.find(locationId, version), version));
  }

  @Get(':location_id/:evse_uid')
  async evse(@Param('version', OcpiVersionPipe) version: OcpiVersion, @Param('location_id', LOCATION_ID) locationId: string, @Param('evse_uid', EVSE_UID) evseUid: string) {
    const location = this.format.present(await this.find(locationId, version), version);
    const evse = location.evses?.find((e) => sameId(e.uid, evseUid));
    if (!evse) throw unknown('EVSE');
    return ocpiSuccess(evse);
  }

  @Get(':location_id/:evse_uid/:connector_id')
  async connector(
    @Param('version', OcpiVersionPipe) version: OcpiVersion,
    @Param('location_id', LOCATION_ID) locationId: string,
    @Param('evse_uid', EVSE_UID) evseUid: string,
    @Param('connector_id', CONNECTOR_ID) connectorId: string,
  ) {
    const location = this.format.present(await this.find(locationId, version), version);
    const connector = location.evses?.find((e) => sameId(e.uid, evseUid))?.connectors.find((c) => sameId(c.id, connectorId));
    if (!connector) throw unknown('EVSE or Connector');
    return ocpiSuccess(connector);
  }

  private async find(locationId: string, version: OcpiVersion) {
    const location = await this.locations.findOne(locationId, version);
    if (!location) throw unknown('Location');
    return location;
  }
}
