// Opens the SQLite database and applies migrations. Server only. The app's
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
import * as schema from './schema';
import { SqliteConnections } from './sqlite-driver';

export type Db = SqliteRemoteDatabase<typeof schema> & {
  /** The writer connection (tests and the command line reach SQLite through it; services never do). */
  $client: Database.Database;
  /** Both connections and the writer's lock. */
  $connections: SqliteConnections;
};
/** The handle inside withTx. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What read helpers take, so they work inside and outside a transaction. */
export type DbOrTx = Db | Tx;

export const DEFAULT_DATABASE_FILE = './data/factcheck.db';

/** `DATABASE_URL` is a file path; a `file:` prefix is accepted. */
export function databaseFile(url: string | undefined = process.env.DATABASE_URL): string {
  const value = url?.trim() ? url.trim().replace(/^file:(\/\/)?/, '') : DEFAULT_DATABASE_FILE;
  return path.resolve(value);
}

function connect(file: string): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Other processes (the CLI, Next's workers) write to the same file: wait for their lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
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
  const connections = new SqliteConnections(writer, reader);
  const db = drizzle(connections.query, { schema }) as Db;
  db.$client = writer;
  db.$connections = connections;
  return db;
}

/** Closes both connections. */
export function closeDatabase(db: Db): void {
  db.$connections.close();
}
