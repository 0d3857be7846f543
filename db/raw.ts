// Hand-written SQL, run through the same handle (and so the same connection
// rules) as Drizzle's builders, with rows as objects keyed by column alias.
// Raw SQL belongs in db/ (dialect by dialect), not in services.
import 'server-only';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { objectRows } from './sqlite-driver';

export function rawAll<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  // Awaited inside run(): Drizzle's raw query only starts when awaited, and must start in this context.
  return objectRows.run(true, async () => await db.all<T>(query));
}

/** The first row; like Drizzle's `db.get<T>`, write `T | undefined` when there may be none. */
export function rawGet<T>(db: DbOrTx, query: SQL): Promise<T> {
  return objectRows.run(true, async () => await db.get<T>(query));
}

export async function rawRun(db: DbOrTx, query: SQL): Promise<void> {
  await db.run(query);
}
