import { Injectable } from '@nestjs/common';
import { buildRequestHeaders, formatAuthorizationHeader, OcpiStatusCode, type OcpiVersion, type ValidationResult, validateVersionDetails, validateVersionList } from '@app/ocpi';
import type { IopEndpoint } from '@app/registration';
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { LocationsApiSettings } from '../locations-api.settings';

/** Why the handshake with the IOP failed, as the OCPI status code we answer its POST/PUT with. */
export class HandshakeError extends Error {
  constructor(
    readonly ocpiStatus: OcpiStatusCode,
    message: string,
  ) {
    super(message);
  }
}

interface Envelope {
  status_code?: unknown;
  data?: unknown;
}

/**
 * The calls back to the IOP during the credentials handshake: its versions and,
 * for the version being registered, its endpoints, authenticated with its token B.
 */
@Injectable()
export class IopDiscoveryService {
  constructor(private readonly settings: LocationsApiSettings) {}

  async endpoints(versionsUrl: string, tokenB: string, version: OcpiVersion): Promise<IopEndpoint[]> {
    // One flow: both calls share an X-Correlation-ID (2.2.1 transport_and_format, "Unique message IDs").
    const call = { tokenB, version, correlationId: randomUUID() };
    const versions = valid(validateVersionList(version, await this.getData(versionsUrl, call)), versionsUrl);
    const offered = versions.find((v) => v.version === version);
    if (!offered) throw new HandshakeError(OcpiStatusCode.UNSUPPORTED_VERSION, `The IOP does not offer OCPI ${version}`);
    const details = valid(validateVersionDetails(version, await this.getData(offered.url, call)), offered.url);
    // The details must be those of the version being registered: another version's endpoints speak another protocol.
    if (details.version !== version) {
      throw new HandshakeError(OcpiStatusCode.UNABLE_TO_USE_CLIENT_API, `GET ${offered.url} answered the details of OCPI ${details.version}, not ${version}`);
    }
    const endpoints: IopEndpoint[] = details.endpoints.map((e) => ('role' in e ? { identifier: e.identifier, role: e.role, url: e.url } : { identifier: e.identifier, url: e.url }));
    // We push Locations and statuses to the IOP: without its Locations receiver the connection is useless.
    const locations = endpoints.find((e) => e.identifier === 'locations' && (version === '2.1.1' || e.role === 'RECEIVER'));
    if (!locations) throw new HandshakeError(OcpiStatusCode.NO_MATCHING_ENDPOINTS, `The IOP's OCPI ${version} has no Locations receiver endpoint`);
    return endpoints;
  }

  private async getData(url: string, { tokenB, version, correlationId }: { tokenB: string; version: OcpiVersion; correlationId: string }): Promise<unknown> {
    const timeout = this.settings.IOP_REQUEST_TIMEOUT_MS;
    let body: Envelope;
    try {
      const response = await request(url, {
        headers: {
          authorization: formatAuthorizationHeader(tokenB, version),
          accept: 'application/json',
          // GIREVE requires X-Request-ID and X-Correlation-ID on every 2.2.1 call, versions included (G2 integration_guidelines).
          ...buildRequestHeaders(version, { module: 'versions', from: this.cpo(), correlationId }),
        },
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: AbortSignal.timeout(timeout),
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`HTTP ${response.statusCode}`);
      }
      body = (await response.body.json()) as Envelope;
    } catch (error) {
      throw new HandshakeError(OcpiStatusCode.UNABLE_TO_USE_CLIENT_API, `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (body?.status_code !== OcpiStatusCode.SUCCESS) {
      throw new HandshakeError(OcpiStatusCode.UNABLE_TO_USE_CLIENT_API, `GET ${url} answered OCPI status ${String(body?.status_code)}`);
    }
    return body.data;
  }

  private cpo(): { country_code: string; party_id: string } {
    return { country_code: this.settings.CPO_COUNTRY_CODE, party_id: this.settings.CPO_PARTY_ID };
  }
}

/** The IOP's answer when it is a valid OCPI object, else a 3001 (we cannot use its API). */
function valid<T>(result: ValidationResult<T>, url: string): T {
  if (result.ok) return result.value;
  const problems = result.errors.map(({ path, reason }) => `${path || 'data'}: ${reason}`).join('; ');
  throw new HandshakeError(OcpiStatusCode.UNABLE_TO_USE_CLIENT_API, `GET ${url} answered an invalid body: ${problems}`);
}
