/**
 * The place of one write in a chain of writes that run two at once (an
 * import's chunks): a write takes its row locks only once the one before holds
 * its own, and writes only once the one before has committed.
 *
 * Why both: writing after the commit before keeps the creation order and the
 * outbox order (Kafka's) the chain's, and leaves nothing stored after a write
 * that failed. Locking after the locks before means a write never waits in
 * PostgreSQL for rows while the next one holds rows and waits for it here,
 * where PostgreSQL's deadlock detector cannot see: two imports of overlapping
 * files could otherwise wait on each other for good.
 */
export class WriteTurn {
  private readonly holdsLocks = signal();
  private readonly hasCommitted = signal();

  private constructor(private readonly before: WriteTurn | undefined) {
    this.hasCommitted.promise.catch(() => undefined); // a failure is answered by the write itself; the next one only learns it
  }

  static first(): WriteTurn {
    return new WriteTurn(undefined);
  }

  next(): WriteTurn {
    return new WriteTurn(this);
  }

  /** Resolves once the write before holds its row locks (or has ended). */
  mayLock(): Promise<void> {
    return this.before?.holdsLocks.promise ?? Promise.resolve();
  }

  /** Resolves once the write before has committed; rejects with its error if it failed. */
  mayWrite(): Promise<void> {
    return this.before?.hasCommitted.promise ?? Promise.resolve();
  }

  locked(): void {
    this.holdsLocks.resolve();
  }

  committed(): void {
    this.holdsLocks.resolve();
    this.hasCommitted.resolve();
  }

  failed(error: unknown): void {
    this.holdsLocks.resolve();
    this.hasCommitted.reject(error);
  }
}

function signal(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
