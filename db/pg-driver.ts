// PostgreSQL through Drizzle's postgres-js driver. Services are typed against
// the SQLite handle (db/client.ts `Db`) and written once; what they call on a
// query that PostgreSQL's builders lack is added here, so the same call works
// on both:
// - `.get()` (the first row), `.all()` (the rows) and `.run()` (run it) on
//   select, insert, update and delete builders: on PostgreSQL a builder is a
//   promise of its rows, so each is that promise (the first row for `get`).
// The table objects are PostgreSQL's own (db/columns.ts builds them when this
// process runs on PostgreSQL), so Drizzle writes PostgreSQL's SQL for them.
import 'server-only';
import { PgDeleteBase, PgInsertBase, PgSelectBase, PgUpdateBase } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

interface Executable {
  execute(): Promise<unknown>;
}

function addSqliteTerminals(proto: object): void {
  if (Object.hasOwn(proto, 'all')) return;
  Object.defineProperties(proto, {
    all: {
      value: function all(this: Executable) {
        return this.execute();
      },
    },
    run: {
      value: function run(this: Executable) {
        return this.execute();
      },
    },
    get: {
      value: async function get(this: Executable) {
        const rows = (await this.execute()) as unknown[];
        return rows[0];
      },
    },
  });
}
for (const builder of [PgSelectBase, PgInsertBase, PgUpdateBase, PgDeleteBase]) addSqliteTerminals(builder.prototype);

/** The error codes that mean "try the whole transaction again": a serialization failure and a deadlock. */
export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

export type PgDatabase = ReturnType<typeof drizzle<typeof schema>> & { $client: postgres.Sql };

/**
 * A pool on `url`, with bigint (count(*), ids) read as JavaScript numbers: ids and
 * counts stay far below 2^53, and services compare them as numbers, as on SQLite.
 */
export function pgClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  return postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE) || 10,
    onnotice: () => {},
    types: {
      bigint: { to: 20, from: [20], serialize: (value: number | bigint) => String(value), parse: (value: string) => Number(value) },
    },
    ...options,
  });
}

/** Opens a pool on `url` and applies db/migrations-pg (one session-level advisory lock: two processes starting at once migrate once). */
export async function openPgDatabase(url: string, options: { migrationsFolder: string }): Promise<PgDatabase> {
  const client = pgClient(url);
  const db = drizzle(client, { schema });
  await client.begin(async (sql) => {
    // Held to the end of this transaction; the migrator runs on another connection meanwhile, so the lock is what serialises starts.
    await sql`SELECT pg_advisory_xact_lock(hashtext('factcheck migrations'))`;
    await migrate(db, { migrationsFolder: options.migrationsFolder });
  });
  return db as PgDatabase;
}
