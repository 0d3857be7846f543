// The app's database: opened and migrated by the database layer (db/client),
// then given its first-run data (./seed: the verdict scale and the sample
// article, each once). Routes, pages and the command line all open it here.
import 'server-only';
import { databaseUrl, openDatabaseUrl, type Db } from '@/db/client';
import { seedDatabase } from './seed';
import { isPostgresUrl, listenAcrossProcesses } from './services/pg-notifier';

/** Opens, migrates and seeds the database `url` names (a SQLite file, or a postgres:// URL). */
export async function openAppDatabase(url: string, options: { migrationsFolder?: string } = {}): Promise<Db> {
  const db = await openDatabaseUrl(url, options);
  await seedDatabase(db);
  return db;
}

// Cached on globalThis so that hot reload in development does not reopen the file on every change.
const globalForDb = globalThis as unknown as { factcheckDb?: Promise<Db> };

/** The server's one handle on DATABASE_URL, opened (and seeded) on first use. */
export function getDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  globalForDb.factcheckDb ??= openAppDatabase(databaseUrl())
    .then(async (db) => {
      // Several app processes share a PostgreSQL database: the live streams hear each other's changes over LISTEN/NOTIFY.
      if (isPostgresUrl(url)) await listenAcrossProcesses(url);
      return db;
    })
    .catch((error: unknown) => {
      // A failed start (disk full while seeding) is tried again by the next request, not cached.
      globalForDb.factcheckDb = undefined;
      throw error;
    });
  return globalForDb.factcheckDb;
}
