import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CredentialsV211, type CredentialsV221, OcpiStatusCode, type OcpiVersion, validateCredentials } from '@app/ocpi';
import { hashToken, newToken } from '@app/platform';
import { type IopEndpoint, type IopParty, IopRegistrationEntity } from '@app/registration';
import { Repository } from 'typeorm';
import { LocationsApiSettings } from '../locations-api.settings';
import { ocpiVersionsUrl } from '../ocpi/ocpi-urls';
import { HandshakeError, IopDiscoveryService } from './iop-discovery.service';

/** What the credentials endpoints answer, by outcome. */
export type HandshakeOutcome =
  | { kind: 'registered'; credentials: Record<string, unknown> }
  | { kind: 'not-allowed'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'failed'; ocpiStatus: OcpiStatusCode; message: string };

/**
 * The credentials handshake with the IOP (we are the server): the IOP sends
 * its token B and versions URL; before answering we call its versions and
 * details with token B; we answer with a fresh token C, of which only the hash
 * is kept. One IOP registration at most.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger(CredentialsService.name);

  constructor(
    @InjectRepository(IopRegistrationEntity) private readonly registrations: Repository<IopRegistrationEntity>,
    private readonly discovery: IopDiscoveryService,
    private readonly settings: LocationsApiSettings,
  ) {}

  /** Our credentials object for the caller: the token is the one it authenticated with. */
  ourCredentials(version: OcpiVersion, token: string): Record<string, unknown> {
    const business_details = { name: this.settings.CPO_BUSINESS_NAME };
    const party = { party_id: this.settings.CPO_PARTY_ID, country_code: this.settings.CPO_COUNTRY_CODE };
    const url = ocpiVersionsUrl(this.settings);
    return version === '2.1.1' ? { token, url, business_details, ...party } : { token, url, roles: [{ role: 'CPO', business_details, ...party }] };
  }

  /** POST: first registration. The caller authenticated with token A, so the IOP is not registered yet. */
  async register(version: OcpiVersion, body: unknown): Promise<HandshakeOutcome> {
    return this.handshake(version, body, 'register');
  }

  /** PUT: new token B, endpoints or version; the IOP is registered (token C). */
  async update(version: OcpiVersion, body: unknown): Promise<HandshakeOutcome> {
    return this.handshake(version, body, 'update');
  }

  /**
   * DELETE: the IOP unregisters; token C stops working and token A works
   * again. Recorded (iop_unregistration) in the same statement, so gireve-push
   * holds every push until the IOP registers again.
   */
  async unregister(): Promise<boolean> {
    const removed: unknown[] = await this.registrations.query(
      `WITH gone AS (DELETE FROM iop_registration WHERE id = 1 RETURNING id)
       INSERT INTO iop_unregistration (id, unregistered_at) SELECT id, now() FROM gone
       ON CONFLICT (id) DO UPDATE SET unregistered_at = excluded.unregistered_at
       RETURNING id`,
    );
    if (removed.length > 0) this.logger.log('IOP unregistered: pushes are held until it registers again');
    return removed.length > 0;
  }

  private async handshake(version: OcpiVersion, body: unknown, mode: 'register' | 'update'): Promise<HandshakeOutcome> {
    const parsed = parseCredentials(version, body);
    if (typeof parsed === 'string') return { kind: 'invalid', message: parsed };
    let endpoints: IopEndpoint[];
    try {
      endpoints = await this.discovery.endpoints(parsed.url, parsed.token, version);
    } catch (error) {
      if (!(error instanceof HandshakeError)) throw error;
      this.logger.warn({ versions_url: parsed.url, version, reason: error.message }, 'IOP handshake failed');
      return { kind: 'failed', ocpiStatus: error.ocpiStatus, message: error.message };
    }
    const tokenC = newToken();
    const parties = partiesOf(parsed);
    const main = parties.find((p) => p.role === 'HUB') ?? parties[0];
    const values = [version, parsed.url, JSON.stringify(endpoints), parsed.token, hashToken(tokenC), main.country_code.toUpperCase(), main.party_id.toUpperCase(), JSON.stringify(parties)];
    if (mode === 'register') {
      // ON CONFLICT: another POST registered first while we were calling the IOP.
      const inserted: unknown[] = await this.registrations.query(
        `INSERT INTO iop_registration (id, version, versions_url, endpoints, token_b, token_c_hash, country_code, party_id, parties, registered_at, updated_at)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, now(), now()) ON CONFLICT (id) DO NOTHING RETURNING id`,
        values,
      );
      if (inserted.length === 0) return { kind: 'not-allowed', message: 'Already registered' };
    } else {
      const [, affected]: [unknown, number] = await this.registrations.query(
        `UPDATE iop_registration SET version = $1, versions_url = $2, endpoints = $3, token_b = $4, token_c_hash = $5,
           country_code = $6, party_id = $7, parties = $8, updated_at = now() WHERE id = 1`,
        values,
      );
      if (!affected) return { kind: 'not-allowed', message: 'Not registered' };
    }
    // Registered again: a registration always wins over an unregistration, this only tidies.
    await this.registrations.query('DELETE FROM iop_unregistration');
    this.logger.log({ version, versions_url: parsed.url, country_code: main.country_code, party_id: main.party_id, mode }, 'IOP registered');
    return { kind: 'registered', credentials: this.ourCredentials(version, tokenC) };
  }
}

function parseCredentials(version: OcpiVersion, body: unknown): CredentialsV211 | CredentialsV221 | string {
  const result = validateCredentials(version, body);
  return result.ok ? result.value : `Invalid credentials: ${result.errors.map(({ path, reason }) => `${path || 'body'}: ${reason}`).join('; ')}`;
}

function partiesOf(credentials: CredentialsV211 | CredentialsV221): IopParty[] {
  if ('roles' in credentials) {
    return credentials.roles.map(({ role, business_details, party_id, country_code }) => ({ role, business_details: { ...business_details }, party_id, country_code }));
  }
  const { business_details, party_id, country_code } = credentials;
  return [{ business_details: { ...business_details }, party_id, country_code }];
}
