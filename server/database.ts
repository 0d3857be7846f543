// The app's database: opened and migrated by the database layer (db/client),
// then given its first-run data (./seed: the verdict scale and the sample
// article, each once). Routes, pages and the command line all open it here.
import 'server-only';
import { databaseUrl, openDatabaseUrl, type Db } from '@/db/client';
import { seedDatabase } from './seed';

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
  globalForDb.factcheckDb ??= openAppDatabase(databaseUrl()).catch((error: unknown) => {
    // A failed start (disk full while seeding) is tried again by the next request, not cached.
    globalForDb.factcheckDb = undefined;
    throw error;
  });
  return globalForDb.factcheckDb;
}
