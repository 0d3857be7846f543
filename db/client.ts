// Opens the database DATABASE_URL names (SQLite, the default, or PostgreSQL:
// ./dialect.ts) and applies its migrations. Server only. The app's
// handle, with its first-run data, comes from server/database.ts: this layer
// knows tables, not the business rules the seed goes through.
//
// The handle is asynchronous (Drizzle's sqlite-proxy over better-sqlite3, see
// ./sqlite-driver.ts), so services await every query as they will on PostgreSQL.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as drizzleSync } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { type Dialect, isPostgresUrl } from './dialect';
import { openPgDatabase, type PgDatabase } from './pg-driver';
import * as schema from './schema';
import { SqliteConnections } from './sqlite-driver';
import { SqliteThread } from './sqlite-thread';

/**
 * The handle services use, typed as SQLite's. On PostgreSQL it is Drizzle's
 * postgres-js handle, which answers the same calls (db/pg-driver.ts): services
 * never look at `$dialect`; db/ does, to pick a dialect's SQL.
 */
export type Db = SqliteRemoteDatabase<typeof schema> & {
  /** The writer connection (tests and the command line reach SQLite through it; services never do). Not set on PostgreSQL. */
  $client: Database.Database;
  /** Both connections and the writer's lock (SQLite only). */
  $connections: SqliteConnections;
  $dialect: Dialect;
  /** The postgres-js pool (PostgreSQL only). */
  $pg?: PgDatabase['$client'];
};
/** The handle inside withTx. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What read helpers take, so they work inside and outside a transaction. */
export type DbOrTx = Db | Tx;

export const DEFAULT_DATABASE_FILE = './data/factcheck.db';

/** `DATABASE_URL` as SQLite takes it: a file path; a `file:` or `sqlite:` prefix is accepted. */
export function databaseFile(url: string | undefined = process.env.DATABASE_URL): string {
  const value = url?.trim() ? url.trim().replace(/^(file|sqlite):(\/\/)?/, '') : DEFAULT_DATABASE_FILE;
  return path.resolve(value);
}

function connect(file: string): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Other processes (the CLI, Next's workers) write to the same file: wait for their lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  // Reads straight from the file's pages (up to 256 MiB of it) instead of through SQLite's 2 MB page cache: a search
  // at full size (docs/search.md) reads tens of thousands of pages at random, and copying each one in cost 2-3x its time.
  sqlite.pragma('mmap_size = 268435456');
  return sqlite;
}

export function openDatabase(file: string, options: { migrationsFolder?: string } = {}): Db {
  const memory = file === ':memory:';
  if (!memory) fs.mkdirSync(path.dirname(file), { recursive: true });
  const writer = connect(file);
  migrate(drizzleSync(writer, { schema }), {
    migrationsFolder: options.migrationsFolder ?? path.join(process.cwd(), 'db/migrations'),
  });
  let reader = writer;
  if (!memory) {
    reader = connect(file);
    // The reader never writes: a write routed to it by mistake fails loudly instead of bypassing the lock.
    reader.pragma('query_only = ON');
  }
  // FACTCHECK_SQLITE_WRITER_THREAD=0: every statement on this thread (breakpoints, stack traces; the stalls bench's comparison).
  const thread = memory || process.env.FACTCHECK_SQLITE_WRITER_THREAD === '0' ? undefined : new SqliteThread(file);
  const connections = new SqliteConnections(writer, reader, thread);
  const db = drizzle(connections.query, { schema }) as Db;
  db.$client = writer;
  db.$connections = connections;
  db.$dialect = 'sqlite';
  return db;
}

/** `DATABASE_URL` as the server reads it: a PostgreSQL URL as it is, anything else as a SQLite file. */
export function databaseUrl(url: string | undefined = process.env.DATABASE_URL): string {
  return isPostgresUrl(url) ? (url as string).trim() : databaseFile(url);
}

/**
 * Opens (and migrates) the database `url` names: a PostgreSQL server for
 * `postgres://…`, else a SQLite file. This process's schema must be built for the
 * same dialect (db/dialect.ts reads DATABASE_URL at start).
 */
export async function openDatabaseUrl(url: string, options: { migrationsFolder?: string } = {}): Promise<Db> {
  if (!isPostgresUrl(url)) return openDatabase(url, options);
  const pg = await openPgDatabase(url, { migrationsFolder: options.migrationsFolder ?? path.join(process.cwd(), 'db/migrations-pg') });
  const db = pg as unknown as Db;
  db.$dialect = 'pg';
  db.$pg = pg.$client;
  return db;
}

/** Closes the connections (the pool, on PostgreSQL, once its queries end). */
export function closeDatabase(db: Db): void {
  if (db.$dialect === 'pg') {
    db.$pg?.end({ timeout: 5 }).catch((error: unknown) => console.error('Could not close the database pool', error));
    return;
  }
  db.$connections.close();
}
