import { Injectable, Logger } from '@nestjs/common';
import { buildRequestHeaders, formatAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import { type IopRegistration, IopRegistrationService } from '@app/registration';
import { request } from 'undici';
import { GirevePushSettings } from '../gireve-push.settings';
import { headerValue } from './header-value';
import { IopRequestError, judgeIopResponse } from './iop-verdict';

/** Everything needed to call the IOP's Locations receiver. */
export interface IopConnection {
  version: OcpiVersion;
  /** Token B (sent as is in 2.1.1, base64 in 2.2.1). */
  token: string;
  /** The Locations receiver URL, as the IOP's version details give it. */
  locationsUrl: string;
  /** The IOP's party: OCPI-to-* of 2.2.1 requests. */
  countryCode: string;
  partyId: string;
}

interface VersionsBody {
  data?: { version: string; url: string }[];
}
interface DetailsBody {
  data?: { endpoints?: { identifier: string; role?: string; url: string }[] };
}

interface CachedConnection {
  connection: Promise<IopConnection>;
  expiresAt: number;
}

/** Re-read at least this often, so a re-registration (new token, new endpoints) is picked up. */
const CONNECTION_TTL_MS = 60_000;

/** PostgreSQL's undefined_table: locations-api's migrations never ran in this database. */
const UNDEFINED_TABLE = '42P01';

/**
 * Where and how to call the IOP. Once GIREVE has registered with us, its
 * registration (endpoints and token B, recorded by locations-api) is used;
 * until then the configured versions URL and token, with the Locations
 * receiver found through the version details, as OCPI requires (URLs are
 * never built by hand). Cached, looked up again in the background after a
 * minute, and forgotten when a request shows it stale.
 */
@Injectable()
export class IopEndpointsService {
  private readonly logger = new Logger(IopEndpointsService.name);
  private cached?: CachedConnection;
  private refreshing = false;
  /** The last connection found: kept while the registration cannot be read (a database blip is not an unregistration). */
  private lastGood?: IopConnection;

  constructor(
    private readonly settings: GirevePushSettings,
    private readonly registrations: IopRegistrationService,
  ) {}

  connection(): Promise<IopConnection> {
    if (!this.cached) this.cached = this.lookUp();
    else if (this.cached.expiresAt < Date.now()) this.refresh(this.cached);
    return this.cached.connection;
  }

  /** Forget the cached endpoints and token (the IOP refused them, or could not be reached). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** Finds the connection; a lookup that fails is forgotten, so the next call looks again. */
  private lookUp(): CachedConnection {
    const entry = { connection: this.resolve(), expiresAt: Date.now() + CONNECTION_TTL_MS };
    entry.connection.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return entry;
  }

  /**
   * Past its time, the connection is looked up again while requests go on
   * with the one found: waiting for the lookup (a database read, or the IOP's
   * versions and details) held every push for its length once a minute. Only
   * its outcome counts: a new connection, or a failure (the IOP unregistered
   * us) that makes the next call look up and wait.
   */
  private refresh(stale: CachedConnection): void {
    if (this.refreshing) return;
    this.refreshing = true;
    const entry = this.lookUp();
    const replace = (next: CachedConnection | undefined) => {
      if (this.cached === stale) this.cached = next; // an invalidate() meanwhile wins
      this.refreshing = false;
    };
    entry.connection.then(
      () => replace(entry),
      () => replace(undefined),
    );
  }

  private async resolve(): Promise<IopConnection> {
    let read: RegistrationRead;
    try {
      read = await this.readRegistration();
    } catch (error) {
      if (!this.lastGood) throw error;
      this.logger.warn({ err: error }, 'could not read the IOP registration: keeping the last connection');
      return this.lastGood;
    }
    if (read.unregisteredAt) {
      // GIREVE deleted our credentials: all automated communication stops; the outboxes keep everything.
      this.lastGood = undefined;
      throw new IopRequestError({ kind: 'unauthorized', reason: `the IOP unregistered us at ${read.unregisteredAt.toISOString()}: pushes held until it registers again` });
    }
    this.lastGood = read.registration ? toConnection(read.registration) : await this.discover();
    return this.lastGood;
  }

  /** The registration, or when there is none, whether the IOP unregistered us. */
  private async readRegistration(): Promise<RegistrationRead> {
    try {
      const registration = await this.registrations.current();
      return { registration, unregisteredAt: registration ? null : await this.registrations.unregisteredAt() };
    } catch (error) {
      // No registration tables (locations-api not migrated in this database): the settings say where the IOP is.
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNDEFINED_TABLE) return { registration: null, unregisteredAt: null };
      throw error;
    }
  }

  /**
   * The Locations receiver through the IOP's versions and version details, all
   * within one deadline (a hung versions endpoint must not stall every push
   * waiting for this discovery).
   */
  private async discover(): Promise<IopConnection> {
    const { IOP_OCPI_VERSION: version, IOP_TOKEN: token, IOP_VERSIONS_URL: versionsUrl } = this.settings;
    const deadlineMs = DISCOVERY_REQUESTS * this.settings.IOP_REQUEST_TIMEOUT_MS;
    const deadline = AbortSignal.timeout(deadlineMs);
    try {
      const versions = await this.getVersions(versionsUrl, token, deadline);
      const details = versions.data?.find((v) => v.version === version);
      if (!details) throw new Error(`the IOP does not offer OCPI ${version} at ${versionsUrl}`);
      const endpoints = (await this.getJson<DetailsBody>(details.url, token, version, deadline)).data?.endpoints ?? [];
      const locations = endpoints.find((e) => e.identifier === 'locations' && (version === '2.1.1' || e.role === 'RECEIVER'));
      if (!locations) throw new Error(`the IOP's OCPI ${version} details list no Locations receiver`);
      this.logger.log({ version, locations_url: locations.url }, 'found the IOP Locations receiver');
      return { version, token, locationsUrl: trimSlash(locations.url), countryCode: this.settings.IOP_COUNTRY_CODE, partyId: this.settings.IOP_PARTY_ID };
    } catch (error) {
      if (!deadline.aborted || error instanceof IopRequestError) throw error;
      throw new IopRequestError({ kind: 'transient', reason: `the IOP's versions and version details took longer than ${deadlineMs} ms` });
    }
  }

  /**
   * The versions endpoint comes before any version is agreed, and OCPI admits
   * that many parties never base64-encode the token there: on a 401 with one
   * encoding, try the other once.
   */
  private async getVersions(url: string, token: string, deadline: AbortSignal): Promise<VersionsBody> {
    const version = this.settings.IOP_OCPI_VERSION;
    try {
      return await this.getJson<VersionsBody>(url, token, version, deadline);
    } catch (error) {
      if (!(error instanceof IopRequestError && error.verdict.kind === 'unauthorized')) throw error;
      return this.getJson<VersionsBody>(url, token, version, deadline, version === '2.2.1' ? '2.1.1' : '2.2.1');
    }
  }

  /**
   * One GET of the configuration modules: in 2.2.1 with X-Request-ID and
   * X-Correlation-ID, as every request (and no routing headers, which these
   * modules do not take). An answer counts only with OCPI status 1000.
   */
  private async getJson<T>(url: string, token: string, version: OcpiVersion, deadline: AbortSignal, tokenVersion: OcpiVersion = version): Promise<T> {
    const timeout = this.settings.IOP_REQUEST_TIMEOUT_MS;
    const from = { country_code: this.settings.CPO_COUNTRY_CODE, party_id: this.settings.CPO_PARTY_ID };
    const response = await request(url, {
      headers: { authorization: formatAuthorizationHeader(token, tokenVersion), ...buildRequestHeaders(version, { module: 'versions', from }) },
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: deadline,
    });
    const reason = (what: string) => `GET ${url} answered ${what}`;
    if (response.statusCode !== 200) {
      await response.body.dump();
      const verdict = judgeIopResponse({ httpStatus: response.statusCode, retryAfter: headerValue(response.headers['retry-after']) });
      const why = reason(`HTTP ${response.statusCode}`);
      throw new IopRequestError(verdict.kind === 'accepted' || verdict.kind === 'refused' ? { kind: 'transient', reason: why } : { ...verdict, reason: why });
    }
    const body = (await response.body.json()) as T & { status_code?: unknown };
    if (body.status_code !== 1000) throw new IopRequestError({ kind: 'transient', reason: reason(`OCPI status ${String(body.status_code)}`) });
    return body;
  }
}

/** Discovery makes up to three GETs: versions (twice, with the other token encoding), then version details. */
const DISCOVERY_REQUESTS = 3;

interface RegistrationRead {
  registration: IopRegistration | null;
  unregisteredAt: Date | null;
}

function toConnection(registration: IopRegistration): IopConnection {
  const locationsUrl = registration.endpointUrl('locations', 'RECEIVER');
  if (!locationsUrl) throw new Error(`the IOP registered OCPI ${registration.version} without a Locations receiver endpoint`);
  return { version: registration.version, token: registration.token, locationsUrl: trimSlash(locationsUrl), countryCode: registration.countryCode, partyId: registration.partyId };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
