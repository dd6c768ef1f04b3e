import { WriteTurn } from './write-turn';

/** Whether the promise has settled by now (after pending callbacks ran), and how. */
async function state(promise: Promise<void>): Promise<'pending' | 'resolved' | 'rejected'> {
  let settled: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (settled = 'resolved'),
    () => (settled = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe(WriteTurn.name, () => {
  it('lets the first write lock and write at once', async () => {
    const first = WriteTurn.first();
    expect(await state(first.mayLock())).toBe('resolved');
    expect(await state(first.mayWrite())).toBe('resolved');
  });

  it('lets the next write lock once the one before holds its locks, and write once it has committed', async () => {
    const first = WriteTurn.first();
    const second = first.next();
    expect(await state(second.mayLock())).toBe('pending');
    first.locked();
    expect(await state(second.mayLock())).toBe('resolved');
    expect(await state(second.mayWrite())).toBe('pending');
    first.committed();
    expect(await state(second.mayWrite())).toBe('resolved');
  });

  it('tells the next write of a failure before or after the locks: it may lock, and may not write', async () => {
    const first = WriteTurn.first();
    const second = first.next();
    first.failed(new Error('connection terminated'));
    expect(await state(second.mayLock())).toBe('resolved');
    await expect(second.mayWrite()).rejects.toThrow('connection terminated');
  });
});
