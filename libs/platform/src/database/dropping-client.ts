import { Client } from 'pg';

/** The error pg gives a query that got no answer within query_timeout. */
const READ_TIMEOUT = 'Query read timeout';

/**
 * A pg client that closes its connection when a query got no answer within
 * query_timeout. pg only fails that query: the connection keeps waiting for
 * the lost answer, every later query on it queues behind, and its transaction
 * keeps its row locks (a half-open wire: chaos profile db-half-open stopped
 * every push). Closed, the pool replaces it, and PostgreSQL ends the session
 * and its locks (or idle_in_transaction_session_timeout does, if the close
 * never reaches it).
 */
export class DroppingClient extends Client {
  // pg's query() has many overloads; this keeps them all and only watches the outcome.
  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: Error | null, result: unknown) => {
        this.dropIfSilent(error);
        (callback as (error: Error | null, result: unknown) => void)(error, result);
      };
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) result.catch((error: unknown) => this.dropIfSilent(error));
    return result as never;
  }

  private dropIfSilent(error: unknown): void {
    if (error instanceof Error && error.message === READ_TIMEOUT) (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }
}
