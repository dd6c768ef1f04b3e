import type { LocationStoreService, SaveOutcome } from '../location-store/location-store.service';
import type { OcpiLocationFormat } from '../location-store/ocpi-location-format';
import type { StoredLocation } from '../location-store/stored-location';
import { LocationsAdminService } from './locations-admin.service';

/** A store whose writes end only when the spec lets them, recording each chunk it was given and when it ended. */
class GatedStore {
  readonly chunks: string[][] = [];
  readonly events: string[] = [];
  private release: (() => void)[] = [];

  saveMany(locations: StoredLocation[]): Promise<SaveOutcome[]> {
    this.chunks.push(locations.map((l) => l.id));
    return new Promise((resolve) =>
      this.release.push(() => {
        this.events.push(`chunk ${this.chunks.length} written`);
        resolve(locations.map(() => 'created'));
      }),
    );
  }

  /** Ends the writes waiting so far. */
  finishWrites(): void {
    for (const release of this.release.splice(0)) release();
  }

  get waiting(): number {
    return this.release.length;
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
  it('checks the next chunk while the one before is written, and writes the chunks one after the other, in order', async () => {
    const store = new GatedStore();
    let checked = 0;
    const counting = { check: (entry: unknown) => ((checked += 1), acceptAll.check(entry, '2.2.1', '')) } as unknown as OcpiLocationFormat;
    const admin = new LocationsAdminService(store as unknown as LocationStoreService, counting);
    const importing = admin.import(
      Array.from({ length: 1_200 }, (_, n) => ({ id: `L${n}` })),
      '2.2.1',
    );
    // The second chunk is checked while the first is written, and waits for that write.
    await turnsUntil(() => checked === 1_000);
    await flush();
    expect(store.chunks.map((chunk) => chunk.length)).toEqual([500]);
    expect(checked).toBe(1_000);
    store.finishWrites();
    await turnsUntil(() => store.chunks.length === 2 && checked === 1_200);
    expect(store.chunks.map((chunk) => chunk.length)).toEqual([500, 500]);
    store.finishWrites();
    await turnsUntil(() => store.waiting === 1);
    store.finishWrites();
    const report = await importing;
    expect(store.chunks.map((chunk) => chunk[0])).toEqual(['L0', 'L500', 'L1000']);
    expect(report).toMatchObject({ total: 1_200, accepted: 1_200, created: 1_200 });
  });

  // That the process survives it (the error is never an unhandled rejection meanwhile) is checked on the built app:
  // jest does not let a test see unhandled rejections (test/import-faults.e2e-spec.ts).
  it('answers the error of a write that fails while the next chunk is checked, and writes nothing after it', async () => {
    let writes = 0;
    let checked = 0;
    let checkedWhenFailed = -1;
    const store = {
      // The first write fails on a later turn of the event loop (the database went away), while the next chunk is checked.
      saveMany: () => {
        writes += 1;
        return flush().then(() => {
          checkedWhenFailed = checked;
          return Promise.reject(new Error('connection terminated'));
        });
      },
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
    expect(writes).toBe(1);
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
