// Hand-written SQL, run through the same handle (and so the same connection
// rules) as Drizzle's builders, with rows as objects keyed by column alias.
// Raw SQL belongs in db/ (dialect by dialect), not in services. Write a
// camelCase alias in double quotes (`AS "articleId"`): PostgreSQL folds an
// unquoted one to lower case; SQLite takes either.
import 'server-only';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { objectRows } from './sqlite-driver';

/** Drizzle's postgres-js handle runs hand-written SQL with `execute`, which resolves to the rows as objects. */
type PgExecute = { execute: (query: SQL) => Promise<unknown[]> };
const onPg = (db: DbOrTx): PgExecute | null => ('execute' in db && !('all' in db) ? (db as unknown as PgExecute) : null);

export async function rawAll<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const pg = onPg(db);
  if (pg) return [...(await pg.execute(query))] as T[];
  // Awaited inside run(): Drizzle's raw query only starts when awaited, and must start in this context.
  return objectRows.run(true, async () => await db.all<T>(query));
}

/** The first row; like Drizzle's `db.get<T>`, write `T | undefined` when there may be none. */
export async function rawGet<T>(db: DbOrTx, query: SQL): Promise<T> {
  const pg = onPg(db);
  if (pg) return (await pg.execute(query))[0] as T;
  return objectRows.run(true, async () => await db.get<T>(query));
}

export async function rawRun(db: DbOrTx, query: SQL): Promise<void> {
  const pg = onPg(db);
  if (pg) await pg.execute(query);
  else await db.run(query);
}
