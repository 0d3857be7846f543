// Creating people and their passwords: hashed by better-auth's own password
// hashing and read by its adapter. Used by first-run setup, invites and the CLI.
//
// The checks (the email and the name free, and for first-run setup nobody
// there yet) and the rows they allow are one transaction behind the people
// lock (./people-lock.ts), so they hold between app processes too; the rows
// are written here rather than through better-auth's adapter, which cannot
// join our transaction.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { account, session, user } from '@/db/schema';
import type { Role } from '../domain/roles';
import { conflict, forbidden, notFound } from '../errors';
import { withTx } from '../services/transaction';
import { authFor } from './auth';
import { assertNameFree, checkedName } from './names';
import { lockPeople } from './people-lock';

export const DESK_TAKEN = 'This desk already has an account: sign in, or ask an admin for an invite';

export async function createPasswordUser(
  db: Db,
  input: { name: string; email: string; password: string; role: Role },
  options: { onlyIfFirst?: boolean } = {},
): Promise<string> {
  const name = checkedName(input.name);
  const email = input.email.toLowerCase();
  const auth = await (await authFor(db)).$context;
  // Hashing costs a good part of a CPU-second: before the transaction, which holds the people lock.
  const hash = await auth.password.hash(input.password);
  const newId = (model: 'user' | 'account') => auth.generateId({ model }) || randomUUID();
  return await withTx(db, async (tx) => {
    await lockPeople(tx);
    if (options.onlyIfFirst && (await tx.select({ n: count() }).from(user).all())[0].n > 0) throw forbidden(DESK_TAKEN);
    const existing = await tx.select().from(user).where(eq(user.email, email)).get();
    if (existing && !existing.accessRemovedAt) throw conflict(`${email} already has an account`);
    await assertNameFree(tx, name, existing?.id ?? null);
    const now = new Date();
    if (existing) {
      // Someone whose access was removed, invited back: same person, so their past work stays theirs.
      await tx
        .update(account)
        .set({ password: hash, updatedAt: now })
        .where(and(eq(account.userId, existing.id), eq(account.providerId, 'credential')))
        .run();
      await tx.update(user).set({ name, role: input.role, accessRemovedAt: null, updatedAt: now }).where(eq(user.id, existing.id)).run();
      return existing.id;
    }
    const id = newId('user');
    await tx.insert(user).values({ id, name, email, emailVerified: false, role: input.role, createdAt: now, updatedAt: now }).run();
    await tx
      .insert(account)
      .values({ id: newId('account'), accountId: id, providerId: 'credential', userId: id, password: hash, createdAt: now, updatedAt: now })
      .run();
    return id;
  });
}

/** Signs the new person in through better-auth and copies its session cookie onto the response. */
export async function signInInto(db: Db, headers: Headers, resHeaders: Headers | null, email: string, password: string): Promise<void> {
  const { headers: answer } = await (await authFor(db, headers)).api.signInEmail({
    body: { email, password },
    headers,
    returnHeaders: true,
  });
  for (const cookie of answer.getSetCookie()) resHeaders?.append('set-cookie', cookie);
}

/** For a locked-out desk (npm run user): a new password, and every old session ends. */
export async function resetPassword(db: Db, email: string, password: string): Promise<void> {
  const row = await db.select().from(user).where(eq(user.email, email.toLowerCase())).get();
  if (!row) throw notFound(`No account has the email ${email}`);
  const auth = await (await authFor(db)).$context;
  await auth.internalAdapter.updatePassword(row.id, await auth.password.hash(password));
  await db.delete(session).where(eq(session.userId, row.id)).run();
}
