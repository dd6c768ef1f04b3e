import { BatchWriter } from './batch-writer';

describe(BatchWriter.name, () => {
  it('writes items added together in one batch', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter<number>(async (items) => void batches.push(items), 100, 5);
    await Promise.all([1, 2, 3].map((n) => writer.add(n)));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('writes at once when the batch is full', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter<number>(async (items) => void batches.push(items), 2, 60_000);
    await Promise.all([1, 2].map((n) => writer.add(n)));
    expect(batches).toEqual([[1, 2]]);
  });

  it('rejects every item of a batch whose write failed', async () => {
    const writer = new BatchWriter<number>(async () => {
      throw new Error('database down');
    });
    await expect(Promise.all([writer.add(1), writer.add(2)])).rejects.toThrow('database down');
  });
});
