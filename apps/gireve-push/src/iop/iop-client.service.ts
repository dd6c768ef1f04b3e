import { Injectable } from '@nestjs/common';
import { formatAuthorizationHeader } from '@app/ocpi';
import { request } from 'undici';
import { GirevePushSettings } from '../gireve-push.settings';
import { IopEndpointsService } from './iop-endpoints.service';

export interface EvseRef {
  country_code: string;
  party_id: string;
  location_id: string;
  evse_uid: string;
}

/** What the IOP answered: HTTP status and, when the body was an OCPI envelope, its status code. */
export interface IopOutcome {
  httpStatus: number;
  ocpiStatusCode?: number;
}

/** HTTP calls to the IOP's Locations receiver. */
@Injectable()
export class IopClientService {
  constructor(
    private readonly endpoints: IopEndpointsService,
    private readonly settings: GirevePushSettings,
  ) {}

  async patchEvse(evse: EvseRef, body: Record<string, unknown>, correlationId?: string): Promise<IopOutcome> {
    const base = await this.endpoints.locationsUrl();
    const path = [evse.country_code, evse.party_id, evse.location_id, evse.evse_uid].map(encodeURIComponent).join('/');
    const response = await request(`${base}/${path}`, {
      method: 'PATCH',
      headers: {
        authorization: formatAuthorizationHeader(this.settings.IOP_TOKEN, this.settings.IOP_OCPI_VERSION),
        'content-type': 'application/json',
        ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
      },
      body: JSON.stringify(body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text = await response.body.text();
    let ocpiStatusCode: number | undefined;
    try {
      ocpiStatusCode = (JSON.parse(text) as { status_code?: number }).status_code;
    } catch {
      ocpiStatusCode = undefined;
    }
    return { httpStatus: response.statusCode, ocpiStatusCode };
  }
}
