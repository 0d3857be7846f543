// The request context: the one place that learns who is asking. The tRPC
// route, server pages and route handlers all build it here.
import 'server-only';
import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { user } from '@/db/schema';
import { authFor } from './auth/auth';
import type { Actor } from './domain/roles';
import { publicOriginOf } from './services/public-url';
import type { Context } from './trpc';

// Once a desk has an account it always will (the last admin cannot be removed), so the check stops after that.
const hasUsers = new WeakSet<Db>();

async function setupNeeded(db: Db): Promise<boolean> {
  if (hasUsers.has(db)) return false;
  const [{ n }] = await db.select({ n: count() }).from(user).all();
  if (n > 0) hasUsers.add(db);
  return n === 0;
}

/** The signed-in person behind these headers, read fresh from the database so a role change or removal counts at once. */
export async function actorFromHeaders(db: Db, headers: Headers): Promise<Actor | null> {
  if (!headers.get('cookie')) return null;
  const found = await (await authFor(db, headers)).api.getSession({ headers });
  if (!found) return null;
  const row = await db.select().from(user).where(eq(user.id, found.user.id)).get();
  if (!row || row.accessRemovedAt) return null;
  return { id: row.id, name: row.name, role: row.role };
}

export async function createContext(options: { db: Db; headers: Headers; resHeaders?: Headers | null; url: string }): Promise<Context> {
  const { db, headers } = options;
  return {
    db,
    headers,
    resHeaders: options.resHeaders ?? null,
    setupNeeded: await setupNeeded(db),
    user: await actorFromHeaders(db, headers),
    origin: publicOriginOf(headers, options.url),
  };
}
