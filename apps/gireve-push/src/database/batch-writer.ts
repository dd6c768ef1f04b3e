/**
 * Gathers single writes into one statement: `add` resolves once the batch
 * holding the item was written (or rejects with its error). A batch is written
 * when it reaches `maxSize` or `maxDelayMs` after its first item, so one
 * replica's thousands of push results per second cost a few round trips.
 */
export class BatchWriter<T> {
  private batch: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxSize = 200,
    private readonly maxDelayMs = 2,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
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
      await this.write(batch.map((entry) => entry.item));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
