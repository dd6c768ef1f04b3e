/**
 * Gathers single writes into one statement: `add` resolves with the write's
 * result once the batch holding the item was written (or rejects with its error). A batch is written
 * when it reaches `maxSize` or `maxDelayMs` after its first item, so one
 * replica's thousands of push results per second cost a few round trips.
 */
export class BatchWriter<T, R = void> {
  private batch: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly write: (items: T[]) => Promise<R>,
    private readonly maxSize = 200,
    private readonly maxDelayMs = 2,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.batch.push({ item, resolve, reject });
      if (this.batch.length >= this.maxSize) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
    });
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    try {
      const result = await this.write(batch.map((entry) => entry.item));
      for (const entry of batch) entry.resolve(result);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
