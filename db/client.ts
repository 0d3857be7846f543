// Opens the SQLite database and applies migrations. Server only. The app's
// handle, with its first-run data, comes from server/database.ts: this layer
// knows tables, not the business rules the seed goes through.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle inside `db.transaction(...)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What read helpers take, so they work inside and outside a transaction. */
export type DbOrTx = Db | Tx;

export const DEFAULT_DATABASE_FILE = './data/factcheck.db';

/** `DATABASE_URL` is a file path; a `file:` prefix is accepted. */
export function databaseFile(url: string | undefined = process.env.DATABASE_URL): string {
  const value = url?.trim() ? url.trim().replace(/^file:(\/\/)?/, '') : DEFAULT_DATABASE_FILE;
  return path.resolve(value);
}

export function openDatabase(file: string, options: { migrationsFolder?: string } = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Several reviewers (and Next's workers) write to one file; wait for a lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: options.migrationsFolder ?? path.join(process.cwd(), 'db/migrations') });
  return db;
}
