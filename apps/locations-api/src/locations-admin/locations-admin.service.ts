import { Injectable } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { OcpiVersion } from '@app/ocpi';
import { LocationConflictError, LocationRejectedError, LocationStoreService, type SaveOutcome } from '../location-store/location-store.service';
import type { LocationError } from '../location-store/ocpi-location-format';
import { OcpiLocationFormat } from '../location-store/ocpi-location-format';
import { changeStamp, type StoredLocation } from '../location-store/stored-location';
import { WriteTurn } from '../location-store/write-turn';
import { type LocationWarning, tariffWarnings } from './tariff-warnings';

/** After each stored chunk: Locations read so far, and what became of them. */
export interface ImportProgress {
  done: number;
  accepted: number;
  rejected: number;
}

export interface ImportReport {
  total: number;
  /** Valid Locations stored: created + replaced + unchanged. */
  accepted: number;
  created: number;
  replaced: number;
  unchanged: number;
  rejected: { index: number; id?: string; errors: LocationError[] }[];
  /** Stored Locations with warnings (see tariffWarnings). */
  warnings: ImportWarning[];
}

export interface ImportWarning {
  index: number;
  id: string;
  warnings: LocationWarning[];
}

interface ValidEntry {
  index: number;
  location: StoredLocation;
}

/** Locations are stored this many per transaction during an import. */
const IMPORT_CHUNK = 500;

/**
 * Locations checked between two turns of the event loop: the write of the chunk
 * before goes on meanwhile (its queries' answers are handled between slices),
 * instead of waiting for the whole chunk's checks.
 */
const CHECK_SLICE = 25;

/**
 * The CPO's edits that bring whole Locations (OCPI JSON): create, replace, and
 * bulk import, where each bad Location is rejected with its errors and the good
 * ones are kept.
 */
@Injectable()
export class LocationsAdminService {
  constructor(
    private readonly store: LocationStoreService,
    private readonly format: OcpiLocationFormat,
  ) {}

  async create(input: unknown): Promise<StoredLocation> {
    const location = this.checked(input, '2.2.1');
    const [outcome] = await this.store.saveMany([location], { createOnly: true });
    if (outcome === 'exists') throw new LocationConflictError(`Location ${location.id} exists; replace it with PUT`);
    return (await this.store.get(location.id))!.location;
  }

  async replace(id: string, input: unknown): Promise<{ location: StoredLocation; outcome: SaveOutcome }> {
    const location = this.checked(input, '2.2.1');
    if (location.id.toLowerCase() !== id.toLowerCase()) throw new LocationRejectedError([{ path: 'id', reason: `must be ${id}, the id in the URL` }]);
    const [outcome] = await this.store.saveMany([location]);
    return { location: (await this.store.get(location.id))!.location, outcome };
  }

  /**
   * Imports the Locations as they come (an array, or a stream of a file too big to hold), IMPORT_CHUNK per
   * transaction. A chunk is checked while the one before is written: the checks are this process's CPU, the
   * writes PostgreSQL's, and they run side by side (the checks yield every CHECK_SLICE Locations, so the
   * write's queries go on between them). The writes have ended when the import answers.
   */
  async import(entries: Iterable<unknown> | AsyncIterable<unknown>, version: OcpiVersion, onProgress: (progress: ImportProgress) => void = () => undefined): Promise<ImportReport> {
    const report: ImportReport = { total: 0, accepted: 0, created: 0, replaced: 0, unchanged: 0, rejected: [], warnings: [] };
    const firstIndexOf = new Map<string, number>();
    let checkedCount = 0;
    let turn: WriteTurn | undefined;
    let last: Promise<void> = Promise.resolve(); // the newest chunk's write (it waits for the ones before)
    try {
      for await (const chunk of inChunks(entries, IMPORT_CHUNK)) {
        const valid = await this.checkChunk(chunk, checkedCount, version, firstIndexOf, report);
        checkedCount += chunk.length;
        // Two writes at once, in file order (WriteTurn): this chunk reads and locks its rows while the one before
        // writes, and writes once that one has committed, so the Locations take their creation sequence (the
        // pull's order) and their messages their outbox order (Kafka's) in file order, and a chunk that fails
        // leaves no later one stored.
        turn = turn?.next() ?? WriteTurn.first();
        const before = last;
        last = this.saveChunk(valid, chunk.length, report, onProgress, turn);
        // Its error is thrown here or at the next chunk; until then it must not count as unhandled (that ends the process).
        last.catch(() => undefined);
        await before;
      }
    } catch (error) {
      await last.catch(() => undefined); // the first error met is the one to answer; the writes end first
      throw error;
    }
    await last;
    report.rejected.sort((a, b) => a.index - b.index);
    return report;
  }

  /** The chunk's valid Locations (each id once in the whole import); the others are rejected in the report. */
  private async checkChunk(chunk: unknown[], firstIndex: number, version: OcpiVersion, firstIndexOf: Map<string, number>, report: ImportReport): Promise<ValidEntry[]> {
    const valid: ValidEntry[] = [];
    const stamp = changeStamp();
    for (const [offset, entry] of chunk.entries()) {
      if (offset > 0 && offset % CHECK_SLICE === 0) await nextTurn();
      const index = firstIndex + offset;
      const checked = this.format.check(entry, version, stamp);
      if (!checked.ok) {
        report.rejected.push({ index, id: idOf(entry), errors: checked.errors });
        continue;
      }
      const key = checked.location.id.toLowerCase();
      const first = firstIndexOf.get(key);
      if (first !== undefined) {
        report.rejected.push({ index, id: checked.location.id, errors: [{ path: 'id', reason: `duplicate of the Location at index ${first}` }] });
        continue;
      }
      firstIndexOf.set(key, index);
      valid.push({ index, location: checked.location });
    }
    return valid;
  }

  private async saveChunk(valid: ValidEntry[], size: number, report: ImportReport, onProgress: (progress: ImportProgress) => void, turn: WriteTurn): Promise<void> {
    const outcomes = await this.store.saveMany(
      valid.map((v) => v.location),
      { turn },
    );
    outcomes.forEach((outcome, i) => {
      if (outcome === 'exists') return; // only with createOnly
      report.accepted += 1;
      report[outcome] += 1;
      const { index, location } = valid[i]!;
      const warnings = tariffWarnings(location);
      if (warnings.length > 0) report.warnings.push({ index, id: location.id, warnings });
    });
    report.total += size;
    onProgress({ done: report.total, accepted: report.accepted, rejected: report.rejected.length });
  }

  private checked(input: unknown, version: OcpiVersion): StoredLocation {
    const checked = this.format.check(input, version, changeStamp());
    if (!checked.ok) throw new LocationRejectedError(checked.errors);
    return checked.location;
  }
}

function idOf(entry: unknown): string | undefined {
  const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The entries in arrays of `size` (the last one shorter), read as they come. */
async function* inChunks<T>(entries: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const entry of entries) {
    chunk.push(entry);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
