import { BadGatewayException, Injectable } from '@nestjs/common';
import { formatAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import { newToken, tokensEqual } from '@app/platform';
import { IopSimulatorSettings } from '../iop-simulator.settings';
import type { RegisterRequestDto } from './register-request.dto';

/** The CPO's credentials answer: the party at the top in 2.1.1, in roles in 2.2.1. */
interface CpoCredentials {
  token: string;
  country_code?: string;
  party_id?: string;
  roles?: { role: string; country_code: string; party_id: string }[];
}

interface Envelope<T> {
  data?: T;
  status_code?: number;
  status_message?: string;
}

/**
 * GIREVE's side of "Register FromIOP": with the CPO's token A it reads the CPO's
 * versions and details, POSTs its own credentials (a fresh token B and its
 * versions URL) and keeps the token C it gets back. From then on the CPO calls
 * the simulator with token B.
 */
/** What a registration left: how to reach the CPO and whose Locations it serves. */
export interface Registration {
  version: OcpiVersion;
  versionsUrl: string;
  tokenC: string;
  party: { country_code: string; party_id: string };
}

@Injectable()
export class RegistrationService {
  private tokenB?: string;
  private registered?: Registration;

  constructor(private readonly settings: IopSimulatorSettings) {}

  /** Whether the CPO presented a token this IOP accepts: the configured one, or token B after a registration. */
  accepts(token: string): boolean {
    return tokensEqual(token, this.settings.IOP_TOKEN) || (this.tokenB !== undefined && tokensEqual(token, this.tokenB));
  }

  async register(request: RegisterRequestDto): Promise<{ version: OcpiVersion; token_c: string }> {
    const { version, token_a } = request;
    const versions = await this.call<{ version: string; url: string }[]>('GET', request.versions_url, token_a, version);
    const details = versions.find((v) => v.version === version);
    if (!details) throw new BadGatewayException(`the CPO does not offer OCPI ${version}`);
    const { endpoints } = await this.call<{ endpoints: { identifier: string; url: string }[] }>('GET', details.url, token_a, version);
    const credentialsUrl = endpoints.find((e) => e.identifier === 'credentials')?.url;
    if (!credentialsUrl) throw new BadGatewayException('the CPO has no credentials endpoint');

    const tokenB = newToken();
    this.tokenB = tokenB; // the CPO calls us back with it before answering the POST
    const ours = { name: 'GIREVE (simulated)' };
    const body =
      version === '2.1.1'
        ? { token: tokenB, url: this.versionsUrl(), business_details: ours, party_id: this.settings.IOP_PARTY_ID, country_code: this.settings.IOP_COUNTRY_CODE }
        : { token: tokenB, url: this.versionsUrl(), roles: [{ role: 'HUB', business_details: ours, party_id: this.settings.IOP_PARTY_ID, country_code: this.settings.IOP_COUNTRY_CODE }] };
    const credentials = await this.call<CpoCredentials>('POST', credentialsUrl, token_a, version, body);
    const cpo = credentials.roles?.find((role) => role.role === 'CPO') ?? credentials;
    this.registered = { version, versionsUrl: request.versions_url, tokenC: credentials.token, party: { country_code: String(cpo.country_code), party_id: String(cpo.party_id) } };
    return { version, token_c: credentials.token };
  }

  /** The last registration, if any (the puller's default target). */
  current(): Registration | undefined {
    return this.registered;
  }

  private versionsUrl(): string {
    return `${this.settings.IOP_PUBLIC_URL}/ocpi/emsp/versions`;
  }

  private async call<T>(method: string, url: string, token: string, version: OcpiVersion, body?: unknown): Promise<T> {
    const response = await fetch(url, {
      method,
      headers: { authorization: formatAuthorizationHeader(token, version), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: Error) => {
      // An unreachable or silent CPO is the CPO's failure, not ours: 502 as documented, not 500.
      throw new BadGatewayException(`${method} ${url} failed: ${error.message}`);
    });
    const envelope = (await response.json().catch(() => ({}))) as Envelope<T>;
    if (!response.ok || envelope.status_code !== 1000 || envelope.data === undefined) {
      throw new BadGatewayException(`${method} ${url} answered HTTP ${response.status}, OCPI ${envelope.status_code ?? '-'}: ${envelope.status_message ?? ''}`);
    }
    return envelope.data;
  }
}
