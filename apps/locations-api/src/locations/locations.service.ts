import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OcpiVersion } from '@app/ocpi';
import { DataSource } from 'typeorm';
import { LocationsApiSettings } from '../locations-api.settings';
import { awaitStampedWrites } from '../location-store/last-updated-barrier';
import type { StoredLocation } from '../location-store/stored-location';
import { type PageRequest, withZone } from './page-request';

export interface LocationsPage {
  /** The page's Locations as stored: JSON text, so a 2.2.1 page is served without parsing and re-serialising it. */
  locations: string[];
  /** Matching Locations in total (date window included, offset/limit excluded). */
  total: number;
  /** Where the next page starts, when there is one. */
  next?: { offset: number; afterSeq: string };
}

/**
 * What the IOP may pull, oldest first by creation (seq), so the order never
 * changes between pages. In 2.2.1 every Location, `publish: false` ones with
 * their flag (it is about display, not sharing); 2.1.1 has no such flag, so
 * only published ones.
 *
 * A page after a cursor is read by keyset (`seq > cursor`) from an index on
 * seq: 2.1.1 the partial one WHERE publish, whose INCLUDE(last_updated) also
 * answers the date window; 2.2.1 the primary key, with (last_updated, seq) for
 * a date window. Its cost does not grow with the depth. A page by bare offset
 * skips `offset` entries of that index (index only) before fetching the page's
 * rows. One row beyond `limit` is read to know whether a next page exists, so
 * a total that is an exact multiple of the limit never yields an empty last
 * page.
 */
@Injectable()
export class LocationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: LocationsApiSettings,
  ) {}

  async page(request: PageRequest, version: OcpiVersion): Promise<LocationsPage> {
    await awaitStampedWrites(this.db); // so that no delta pull misses a late commit: see last-updated-barrier
    const filter = this.filter(request, version);
    const [rows, counted] = await Promise.all([this.rows(request, filter), this.db.query(`SELECT count(*)::int AS total FROM locations WHERE ${filter.where}`, filter.params)]);
    const page = rows.slice(0, request.limit);
    const result: LocationsPage = { locations: page.map((row) => row.body), total: (counted as { total: number }[])[0].total };
    if (rows.length > request.limit) result.next = { offset: request.offset + request.limit, afterSeq: page[page.length - 1].seq };
    return result;
  }

  /** One Location served in this version by id (case-insensitive: 2.2.1 ids are CiStrings), or undefined. */
  async findOne(locationId: string, version: OcpiVersion): Promise<StoredLocation | undefined> {
    const rows: { body: StoredLocation }[] = await this.db.query(`SELECT body FROM locations WHERE ${servedIn(version)} AND country_code = $1 AND party_id = $2 AND lower(id) = lower($3)`, [
      this.settings.CPO_COUNTRY_CODE,
      this.settings.CPO_PARTY_ID,
      locationId,
    ]);
    return rows[0]?.body;
  }

  private filter(request: PageRequest, version: OcpiVersion): { where: string; params: unknown[] } {
    const conditions = [servedIn(version)];
    const params: unknown[] = [];
    if (request.dateFrom !== undefined) {
      params.push(withZone(request.dateFrom));
      conditions.push(`last_updated >= $${params.length}`);
    }
    if (request.dateTo !== undefined) {
      params.push(withZone(request.dateTo));
      conditions.push(`last_updated < $${params.length}`);
    }
    return { where: conditions.join(' AND '), params };
  }

  private rows(request: PageRequest, filter: { where: string; params: unknown[] }): Promise<{ seq: string; body: string }[]> {
    const take = request.limit + 1;
    if (request.afterSeq !== undefined) {
      const params = [...filter.params, request.afterSeq, take];
      return this.db.query(`SELECT seq, body::text AS body FROM locations WHERE ${filter.where} AND seq > $${params.length - 1} ORDER BY seq LIMIT $${params.length}`, params);
    }
    const params = [...filter.params, request.offset, take];
    return this.db.query(
      `SELECT l.seq, l.body::text AS body FROM locations l
       JOIN (SELECT seq FROM locations WHERE ${filter.where} ORDER BY seq OFFSET $${params.length - 1} LIMIT $${params.length}) page USING (seq)
       ORDER BY l.seq`,
      params,
    );
  }
}

/** The SQL condition on the Locations a version serves. */
function servedIn(version: OcpiVersion): string {
  return version === '2.1.1' ? 'publish' : 'true';
}
