// Hand-written SQL, run through the same handle (and so the same connection
// rules) as Drizzle's builders, with rows as objects keyed by column alias.
// Raw SQL belongs in db/ (dialect by dialect), not in services.
import 'server-only';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { objectRows } from './sqlite-driver';

export function rawAll<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return objectRows.run(true, () => db.all<T>(query));
}

export function rawGet<T>(db: DbOrTx, query: SQL): Promise<T | undefined> {
  return objectRows.run(true, () => db.get<T>(query));
}

export async function rawRun(db: DbOrTx, query: SQL): Promise<void> {
  await db.run(query);
}
