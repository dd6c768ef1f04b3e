import type { DataSource, EntityManager } from 'typeorm';
import { changeStamp } from './stored-location';

/** The advisory lock between the transactions that stamp last_updated and the pulls. */
const LAST_UPDATED_LOCK = 2_020_050_002;

/*
 * Why: the IOP's delta pull asks for last_updated >= the time of its previous
 * pull. A transaction stamped before a pull but committed after it (an import
 * writes 500 Locations per transaction) would be missed by both pulls.
 *
 * So every transaction that stamps last_updated first holds this lock shared
 * (before any row lock, so it never waits for it while holding rows) and reads
 * its stamp only then, from the database clock that every replica shares; and
 * a pull first takes the lock exclusively, letting it go at once. When it has
 * the lock, every writer stamped before has committed, so the pull sees it;
 * every writer it did not see takes its stamp after that, so at or after the
 * request came in, and the next delta pull sees it. The cost: a pull waits for
 * the writes in progress (writers queue behind it meanwhile). Capping date_to
 * would not do: the IOP, not us, chooses the next date_from.
 */

/** The stamp of a change, taken under the lock: call first in the transaction. */
export async function lockedChangeStamp(manager: EntityManager): Promise<string> {
  await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [LAST_UPDATED_LOCK]);
  const [{ now }]: { now: Date }[] = await manager.query('SELECT clock_timestamp() AS now');
  return changeStamp(now);
}

/** Waits until every transaction that took its stamp before now has ended: call before a pull reads. */
export async function awaitStampedWrites(db: DataSource): Promise<void> {
  await db.transaction((manager) => manager.query('SELECT pg_advisory_xact_lock($1)', [LAST_UPDATED_LOCK]));
}
