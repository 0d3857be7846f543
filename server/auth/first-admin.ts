// The first-run guard across app servers: the first account is claimed by one
// row in app_meta, and its primary key lets only one claim in, whichever
// process makes it, on SQLite and PostgreSQL alike. The in-process queue in
// server/routers/account.ts only spares a second visitor of the same process
// the password hashing.
import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { appMeta } from '@/db/schema';

const KEY = 'first_admin_claimed';
/** A claim whose setup never ended (its process died) gives way after this long, so a fresh desk is never locked. */
const STALE_MS = 10 * 60_000;

/** True when this setup may create the first account; false when another holds the claim. */
export async function claimFirstAdmin(db: Db, now = new Date()): Promise<boolean> {
  const claimed = await db.insert(appMeta).values({ key: KEY, value: now.toISOString() }).onConflictDoNothing().returning().get();
  if (claimed) return true;
  const stale = new Date(now.getTime() - STALE_MS).toISOString();
  const taken = await db
    .update(appMeta)
    .set({ value: now.toISOString() })
    .where(and(eq(appMeta.key, KEY), lt(appMeta.value, stale)))
    .returning()
    .get();
  return Boolean(taken);
}

/** A setup that failed (a bad password, the disk full) lets the next one try. */
export async function releaseFirstAdmin(db: Db): Promise<void> {
  await db.delete(appMeta).where(eq(appMeta.key, KEY)).run();
}
