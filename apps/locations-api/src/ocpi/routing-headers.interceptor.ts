import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { buildResponseHeaders, ModuleId, OCPI_HEADERS, parseRoutingHeaders } from '@app/ocpi';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { LocationsApiSettings } from '../locations-api.settings';
import { ocpiParameterError } from './ocpi-http.exception';
import type { OcpiCaller } from './ocpi-tokens.service';

const ROUTING_HEADERS: readonly string[] = [OCPI_HEADERS.FROM_COUNTRY_CODE, OCPI_HEADERS.FROM_PARTY_ID, OCPI_HEADERS.TO_COUNTRY_CODE, OCPI_HEADERS.TO_PARTY_ID];

/**
 * OCPI 2.2.1 routing headers on the Locations module's responses (none in
 * 2.1.1): the request's parties swapped, FROM us when it named no TO, and TO
 * the registered IOP when it named no FROM. Set before the handler runs, so
 * error answers carry them too. X-Request-ID and X-Correlation-ID are set for
 * every OCPI response elsewhere (RequestIdMiddleware, the logging module).
 * A request whose OCPI-to names another party than this CPO is refused
 * (HTTP 200, OCPI 2001, as every parameter error): it is for someone else (2.2.1 transport_and_format, "Message
 * Routing Headers").
 */
@Injectable()
export class RoutingHeadersInterceptor implements NestInterceptor {
  constructor(private readonly settings: LocationsApiSettings) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { ocpiCaller?: OcpiCaller }>();
    if (request.params.version !== '2.2.1') return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    const self = { country_code: this.settings.CPO_COUNTRY_CODE, party_id: this.settings.CPO_PARTY_ID };
    const { to } = parseRoutingHeaders(request.headers);
    // CiStrings: compared case-insensitively.
    if (to && (to.country_code.toUpperCase() !== self.country_code || to.party_id.toUpperCase() !== self.party_id)) {
      throw ocpiParameterError(`OCPI-to ${to.country_code}/${to.party_id} is not this CPO (${self.country_code}/${self.party_id})`);
    }
    const headers = buildResponseHeaders(request.headers, { module: ModuleId.LOCATIONS, self });
    const registered = request.ocpiCaller?.party;
    if (headers[OCPI_HEADERS.TO_PARTY_ID] === undefined && registered) {
      headers[OCPI_HEADERS.TO_COUNTRY_CODE] = registered.countryCode;
      headers[OCPI_HEADERS.TO_PARTY_ID] = registered.partyId;
    }
    for (const name of ROUTING_HEADERS) if (headers[name] !== undefined) response.setHeader(name, headers[name]);
    return next.handle();
  }
}
