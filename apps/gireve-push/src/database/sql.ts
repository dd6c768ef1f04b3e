import type { DataSource, EntityManager } from 'typeorm';

export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** TypeORM answers an UPDATE with [rows, affected count]: the rows of an UPDATE … RETURNING. */
export async function updateReturning<T>(db: Queryable, sql: string, parameters: unknown[]): Promise<T[]> {
  const [rows] = (await db.query(sql, parameters)) as [T[], number];
  return rows;
}

/** How many rows an UPDATE changed. */
export async function updateCount(db: Queryable, sql: string, parameters: unknown[]): Promise<number> {
  const [, count] = (await db.query(sql, parameters)) as [unknown[], number];
  return count;
}

/** Orders rows by key (code point order) before a multi-row write: every writer then locks rows in one order and none can deadlock. */
export function inKeyOrder<T>(key: (row: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/**
 * A query selecting the rows of `table` whose key is in $1 and still leased to
 * the claim token at the same index of $2, locked in key order (the order of
 * inKeyOrder: COLLATE "C" compares code points), so a multi-row write on them
 * cannot deadlock with the other writers.
 */
export function leasedRowsInKeyOrder(table: string, keyColumn: string): string {
  return `SELECT t.${keyColumn} AS key FROM ${table} t JOIN unnest($1::text[], $2::text[]) AS v(key, lease)
    ON t.${keyColumn} = v.key AND t.lease_owner = v.lease
    WHERE t.${keyColumn} = ANY($1::text[])
    ORDER BY t.${keyColumn} COLLATE "C" FOR UPDATE OF t`;
}

/** Extends the leases these claims still hold; returns the keys renewed. */
export async function renewLeases(db: Queryable, table: string, keyColumn: string, items: { key: string; lease: string }[], leaseMs: number): Promise<string[]> {
  const rows: { key: string }[] = await db.query(
    `WITH held AS (${leasedRowsInKeyOrder(table, keyColumn)}),
     renewed AS (
       UPDATE ${table} t SET next_attempt_at = now() + $3 * interval '1 millisecond'
       WHERE t.${keyColumn} = ANY(ARRAY(SELECT key FROM held))
       RETURNING t.${keyColumn} AS key)
     SELECT key FROM renewed`,
    [items.map((i) => i.key), items.map((i) => i.lease), leaseMs],
  );
  return rows.map((row) => row.key);
}

/** PostgreSQL's deadlock_detected: the victim's transaction was rolled back whole. */
const DEADLOCK_DETECTED = '40P01';

/**
 * Runs `work` (one transaction or statement) again when PostgreSQL made it a
 * deadlock victim: rolled back whole, it can simply be run again. Writers lock
 * rows in key order, so this is the rare case, not the rule.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (code !== DEADLOCK_DETECTED || attempt >= attempts) throw error;
    }
  }
}

/**
 * The end of an ambiguity window, in whole milliseconds: the completion clears
 * it only if it is still the one the claim read, and a claim reads it through
 * a JavaScript Date (milliseconds), never equal to PostgreSQL's microseconds.
 */
export function reassertAt(windowMs: string): string {
  return `date_trunc('milliseconds', now() + ${windowMs} * interval '1 millisecond')`;
}
