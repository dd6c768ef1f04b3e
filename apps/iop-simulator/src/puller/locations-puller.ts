import { buildRequestHeaders, formatAuthorizationHeader, ModuleId, type OcpiVersion, validateLocation } from '@app/ocpi';

/** One HTTP GET as the puller needs it; a port, so the crawl can be tested without a server. */
export type HttpGet = (url: string, headers: Record<string, string>) => Promise<{ status: number; header(name: string): string | null; json(): Promise<unknown> }>;

export interface PullOptions {
  versionsUrl: string;
  token: string;
  version: OcpiVersion;
  pageSize: number;
  maxPages: number;
  dateFrom?: string;
  /** Who the Locations belong to in 2.1.1 (its Locations carry no party): from the registration. */
  party: { country_code: string; party_id: string };
  /** Who pulls (OCPI-from in 2.2.1). */
  iop: { country_code: string; party_id: string };
}

export interface PullReport {
  version: OcpiVersion;
  page_size: number;
  pages: number;
  locations: number;
  x_total_count: number | null;
  problems: string[];
}

interface Envelope {
  status_code?: number;
  status_message?: string;
  data?: unknown;
}

const NEXT_LINK = /^<([^>]+)>;\s*rel="?next"?$/;

/**
 * Crawls the CPO's Locations as GIREVE's pull does: versions → version
 * details → the Locations URL they give (never built from strings) → pages
 * of `pageSize` following `Link: <…>; rel="next"`; reports every problem met
 * on the way instead of stopping at the first.
 */
export class LocationsPuller {
  constructor(private readonly get: HttpGet) {}

  async pull(options: PullOptions): Promise<PullReport> {
    const report: PullReport = { version: options.version, page_size: options.pageSize, pages: 0, locations: 0, x_total_count: null, problems: [] };
    const locationsUrl = await this.locationsUrl(options, report);
    if (!locationsUrl) return report;
    const url = new URL(locationsUrl);
    url.searchParams.set('limit', String(options.pageSize));
    if (options.dateFrom) url.searchParams.set('date_from', options.dateFrom);
    const seen = new Set<string>();
    let next: string | null = url.toString();
    while (next !== null) {
      if (report.pages >= options.maxPages) {
        report.problems.push(`stopped after ${options.maxPages} pages (max_pages) with a next page still announced`);
        break;
      }
      next = await this.page(next, options, report, seen);
    }
    if (report.x_total_count !== null && report.locations !== report.x_total_count) {
      report.problems.push(`counted ${report.locations} Locations across pages, X-Total-Count said ${report.x_total_count} (gaps or a missing Link)`);
    }
    return report;
  }

  /** One page: checks it and returns the next page's URL, or null. */
  private async page(url: string, options: PullOptions, report: PullReport, seen: Set<string>): Promise<string | null> {
    const where = `page ${report.pages + 1}`;
    const response = await this.call(url, ModuleId.LOCATIONS, options, report, where);
    if (!response) return null;
    report.pages++;
    const { envelope, header } = response;
    const total = integerHeader(header('X-Total-Count'));
    const limit = integerHeader(header('X-Limit'));
    if (total === null) report.problems.push(`${where}: X-Total-Count missing or not an integer`);
    else if (report.x_total_count === null) report.x_total_count = total;
    else if (total !== report.x_total_count) report.problems.push(`${where}: X-Total-Count changed from ${report.x_total_count} to ${total} during the crawl`);
    if (limit === null) report.problems.push(`${where}: X-Limit missing or not an integer`);
    const items = Array.isArray(envelope.data) ? envelope.data : null;
    if (items === null) {
      report.problems.push(`${where}: data is not a list`);
      return null;
    }
    if (items.length > options.pageSize || (limit !== null && items.length > limit))
      report.problems.push(`${where}: ${items.length} Locations, more than the limit ${Math.min(options.pageSize, limit ?? Infinity)}`);
    items.forEach((item, index) => this.checkLocation(item, `${where}[${index}]`, options, report, seen));
    report.locations += items.length;
    const link = header('Link');
    if (link === null) return null;
    const match = NEXT_LINK.exec(link.trim());
    if (!match) {
      report.problems.push(`${where}: Link header ${JSON.stringify(link)} is not <url>; rel="next"`);
      return null;
    }
    if (items.length === 0) report.problems.push(`${where}: an empty page announces a next page`);
    return match[1]!;
  }

  private checkLocation(item: unknown, where: string, options: PullOptions, report: PullReport, seen: Set<string>): void {
    const location = (item ?? {}) as Record<string, unknown>;
    const party = options.version === '2.2.1' ? { country_code: String(location.country_code), party_id: String(location.party_id) } : options.party;
    const key = `${party.country_code}/${party.party_id}/${String(location.id)}`;
    if (seen.has(key)) report.problems.push(`${where}: Location ${key} already served on an earlier page`);
    seen.add(key);
    const result = validateLocation(options.version, item, { profile: 'gireve', emi3OperatorId: `${party.country_code}*${party.party_id}` });
    if (!result.ok) for (const { path, reason } of result.errors) report.problems.push(`${where} (${key}): ${path ? `${path}: ` : ''}${reason}`);
  }

  private async locationsUrl(options: PullOptions, report: PullReport): Promise<string | null> {
    const versions = await this.call(options.versionsUrl, 'versions', options, report, 'versions');
    const listed = Array.isArray(versions?.envelope.data) ? (versions.envelope.data as { version?: string; url?: string }[]) : [];
    const detailsUrl = listed.find((v) => v.version === options.version)?.url;
    if (!detailsUrl) {
      if (versions) report.problems.push(`versions: OCPI ${options.version} is not offered`);
      return null;
    }
    const details = await this.call(detailsUrl, 'versions', options, report, 'version details');
    const endpoints = ((details?.envelope.data as { endpoints?: { identifier?: string; role?: string; url?: string }[] } | undefined)?.endpoints ?? []).filter(
      (e) => e.identifier === 'locations' && (options.version === '2.1.1' || e.role === 'SENDER'),
    );
    if (endpoints.length !== 1 || !endpoints[0]!.url) {
      if (details) report.problems.push(`version details: expected one Locations ${options.version === '2.2.1' ? 'SENDER ' : ''}endpoint, found ${endpoints.length}`);
      return null;
    }
    return endpoints[0]!.url;
  }

  /** `module` is what the URL belongs to: versions and version details are a configuration module, without routing headers (2.2.1 transport_and_format, "Message Routing Headers"). */
  private async call(url: string, module: string, options: PullOptions, report: PullReport, where: string): Promise<{ envelope: Envelope; header: (name: string) => string | null } | null> {
    const headers = {
      authorization: formatAuthorizationHeader(options.token, options.version),
      ...buildRequestHeaders(options.version, { module, from: options.iop, to: options.party }),
    };
    try {
      const response = await this.get(url, headers);
      const envelope = (await response.json().catch(() => ({}))) as Envelope;
      if (response.status !== 200) report.problems.push(`${where}: HTTP ${response.status} from ${url}`);
      if (envelope.status_code !== 1000) report.problems.push(`${where}: OCPI status ${envelope.status_code ?? 'missing'}${envelope.status_message ? ` (${envelope.status_message})` : ''}`);
      return response.status === 200 && envelope.status_code === 1000 ? { envelope, header: (name) => response.header(name) } : null;
    } catch (error) {
      report.problems.push(`${where}: ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}

function integerHeader(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}
