// The app's database: opened and migrated by the database layer (db/client),
// then given its first-run data (./seed: the verdict scale and the sample
// article, each once). Routes, pages and the command line all open it here.
import 'server-only';
import { databaseFile, openDatabase, type Db } from '@/db/client';
import { seedDatabase } from './seed';

/** Opens, migrates and seeds the database in `file`. */
export async function openAppDatabase(file: string, options: { migrationsFolder?: string } = {}): Promise<Db> {
  const db = openDatabase(file, options);
  await seedDatabase(db);
  return db;
}

// Cached on globalThis so that hot reload in development does not reopen the file on every change.
const globalForDb = globalThis as unknown as { factcheckDb?: Promise<Db> };

/** The server's one handle on DATABASE_URL, opened (and seeded) on first use. */
export function getDb(): Promise<Db> {
  globalForDb.factcheckDb ??= openAppDatabase(databaseFile()).catch((error: unknown) => {
    // A failed start (disk full while seeding) is tried again by the next request, not cached.
    globalForDb.factcheckDb = undefined;
    throw error;
  });
  return globalForDb.factcheckDb;
}
