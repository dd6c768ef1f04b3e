import type { LocationStoreService, SaveOutcome } from '../location-store/location-store.service';
import type { OcpiLocationFormat } from '../location-store/ocpi-location-format';
import type { StoredLocation } from '../location-store/stored-location';
import type { WriteTurn } from '../location-store/write-turn';
import { LocationsAdminService } from './locations-admin.service';

/** A write in its turn, as LocationStoreService.saveMany takes it: nothing to lock here; `write` once the one before committed. */
async function inTurn<T>(turn: WriteTurn | undefined, write: () => Promise<T>): Promise<T> {
  await turn?.mayLock();
  turn?.locked();
  try {
    await turn?.mayWrite();
    const result = await write();
    turn?.committed();
    return result;
  } catch (error) {
    turn?.failed(error);
    throw error;
  }
}

/**
 * A store whose writes end only when the spec lets them, and, as the real one, only in their turn (after the
 * chunk before): it records each chunk it was given and when it was written.
 */
class GatedStore {
  readonly chunks: string[][] = [];
  readonly events: string[] = [];
  private readonly release: (() => void)[] = [];
  private readonly released = new Set<number>();

  saveMany(locations: StoredLocation[], { turn }: { turn?: WriteTurn } = {}): Promise<SaveOutcome[]> {
    const chunk = this.chunks.push(locations.map((l) => l.id));
    const gate = new Promise<void>((resolve) => (this.release[chunk - 1] = resolve));
    return gate.then(() =>
      inTurn(turn, async () => {
        this.events.push(`chunk ${chunk} written`);
        return locations.map((): SaveOutcome => 'created');
      }),
    );
  }

  /** Lets the writes given so far end (each still after its `after`), or only chunk `n` (1-based). */
  finishWrites(n?: number): void {
    this.release.forEach((release, index) => {
      if (n !== undefined && index !== n - 1) return;
      this.released.add(index);
      release();
    });
  }

  /** Writes given and not let end yet. */
  get waiting(): number {
    return this.chunks.length - this.released.size;
  }
}

const acceptAll = { check: (entry: unknown) => ({ ok: true, location: entry as StoredLocation }) } as unknown as OcpiLocationFormat;
const flush = () => new Promise((resolve) => setImmediate(resolve));
/** Turns of the event loop until `done` (the checks yield between slices of a chunk); a bounded number, never a clock. */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let turns = 0; turns < 10_000 && !done(); turns++) await flush();
  expect(done()).toBe(true);
}

describe(LocationsAdminService.name, () => {
  it('checks the next chunk while the one before is written, then writes it after that one, in file order, two at most at once', async () => {
    const store = new GatedStore();
    let checked = 0;
    const counting = { check: (entry: unknown) => ((checked += 1), acceptAll.check(entry, '2.2.1', '')) } as unknown as OcpiLocationFormat;
    const admin = new LocationsAdminService(store as unknown as LocationStoreService, counting);
    const importing = admin.import(
      Array.from({ length: 1_700 }, (_, n) => ({ id: `L${n}` })),
      '2.2.1',
    );
    // The second chunk is checked and handed to the store while the first is written; the third waits for the first.
    await turnsUntil(() => store.chunks.length === 2);
    await flush();
    expect(checked).toBe(1_000);
    // The second chunk's write may end first: it is still written after the first.
    store.finishWrites(2);
    await flush();
    expect(store.events).toEqual([]);
    store.finishWrites(1);
    // Both written, in order; chunks 3 and 4 follow, and 4 is handed over while 3 is still written.
    await turnsUntil(() => store.chunks.length === 4);
    expect(store.events).toEqual(['chunk 1 written', 'chunk 2 written']);
    expect(store.waiting).toBe(2);
    store.finishWrites();
    const report = await importing;
    expect(store.events).toEqual(['chunk 1 written', 'chunk 2 written', 'chunk 3 written', 'chunk 4 written']);
    expect(store.chunks.map((chunk) => chunk[0])).toEqual(['L0', 'L500', 'L1000', 'L1500']);
    expect(report).toMatchObject({ total: 1_700, accepted: 1_700, created: 1_700 });
  });

  // That the process survives it (the error is never an unhandled rejection meanwhile) is checked on the built app:
  // jest does not let a test see unhandled rejections (test/import-faults.e2e-spec.ts).
  it('answers the error of a write that fails while the next chunk is checked, and writes nothing after it', async () => {
    let checked = 0;
    let checkedWhenFailed = -1;
    const written: number[] = [];
    const store = {
      // The first write fails on a later turn of the event loop (the database went away), while the next chunk is checked.
      saveMany: (locations: StoredLocation[], { turn }: { turn?: WriteTurn } = {}) =>
        inTurn(turn, async () => {
          if (checkedWhenFailed === -1) {
            await flush();
            checkedWhenFailed = checked;
            throw new Error('connection terminated');
          }
          written.push(locations.length);
          return locations.map((): SaveOutcome => 'created');
        }),
    };
    const counting = { check: (entry: unknown) => ((checked += 1), acceptAll.check(entry, '2.2.1', '')) } as unknown as OcpiLocationFormat;
    const admin = new LocationsAdminService(store as unknown as LocationStoreService, counting);
    await expect(
      admin.import(
        Array.from({ length: 1_500 }, (_, n) => ({ id: `L${n}` })),
        '2.2.1',
      ),
    ).rejects.toThrow('connection terminated');
    expect(checkedWhenFailed).toBeGreaterThan(500); // it failed while the second chunk was being checked
    expect(checkedWhenFailed).toBeLessThan(1_000);
    expect(written).toEqual([]); // the second chunk, waiting for the first, wrote nothing; the third was never given
  });

  it("goes on with a chunk's write (its queries' answers) while it checks the next chunk, a slice at a time", async () => {
    let checked = 0;
    const checkedWhenWritten: number[] = [];
    const store = {
      // Three round trips to the database, each answered on a later turn of the event loop.
      async saveMany(locations: StoredLocation[]): Promise<SaveOutcome[]> {
        for (let trip = 0; trip < 3; trip++) await flush();
        checkedWhenWritten.push(checked);
        return locations.map(() => 'created');
      },
    };
    const counting = { check: (entry: unknown) => ((checked += 1), acceptAll.check(entry, '2.2.1', '')) } as unknown as OcpiLocationFormat;
    const admin = new LocationsAdminService(store as unknown as LocationStoreService, counting);
    await admin.import(
      Array.from({ length: 1_000 }, (_, n) => ({ id: `L${n}` })),
      '2.2.1',
    );
    // The first chunk was written before the second one's checks ended, not after them.
    expect(checkedWhenWritten[0]).toBeLessThan(1_000);
    expect(checkedWhenWritten).toHaveLength(2);
  });

  it('when the file breaks off while a chunk is written, answers the error only once that write has ended, and writes nothing after it', async () => {
    const store = new GatedStore();
    const admin = new LocationsAdminService(store as unknown as LocationStoreService, acceptAll);
    async function* brokenFile(): AsyncGenerator<unknown> {
      for (let n = 0; n < 700; n++) yield { id: `L${n}` };
      await flush(); // the first chunk's write is under way
      throw new SyntaxError('element #700 of the array is not valid JSON');
    }
    const importing = admin.import(brokenFile(), '2.2.1').catch((error: unknown) => {
      store.events.push(`answered: ${(error as Error).message}`);
    });
    while (store.waiting === 0) await flush();
    await flush();
    expect(store.events).toEqual([]); // the error waits for the write in flight
    store.finishWrites();
    await importing;
    expect(store.events).toEqual(['chunk 1 written', 'answered: element #700 of the array is not valid JSON']);
    expect(store.chunks).toHaveLength(1); // the Locations before the error's chunk are kept; the broken chunk is not written
  });
});
