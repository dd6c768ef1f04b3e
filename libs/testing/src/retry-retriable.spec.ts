import { retryRetriable } from './retry-retriable';

describe('retryRetriable', () => {
  const retriable = Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });

  it('tries again while Kafka calls the error retriable', async () => {
    let calls = 0;
    const work = async () => {
      if (++calls < 3) throw retriable;
      return 'created';
    };
    await expect(retryRetriable(work, 5_000, 1)).resolves.toBe('created');
    expect(calls).toBe(3);
  });

  it('gives up on other errors at once, and on retriable ones past its deadline', async () => {
    let calls = 0;
    await expect(
      retryRetriable(async () => {
        calls++;
        throw new Error('bad request');
      }),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
    await expect(retryRetriable(() => Promise.reject(retriable), 20, 1)).rejects.toBe(retriable);
  });
});
