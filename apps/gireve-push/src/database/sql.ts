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
