// Creating people and their passwords, always through better-auth's own
// password hashing and adapter. Used by first-run setup, invites and the CLI.
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { session, user } from '@/db/schema';
import type { Role } from '../domain/roles';
import { conflict, notFound } from '../errors';
import { authFor } from './auth';
import { assertNameFree, checkedName } from './names';

// Account creation awaits password hashing and better-auth's adapter: creations on one database
// run one after the other, so two people accepting invites at once cannot both take one name.
const creations = new WeakMap<Db, Promise<unknown>>();
async function oneAtATime<T>(db: Db, task: () => Promise<T>): Promise<T> {
  const turn = (creations.get(db) ?? Promise.resolve()).then(task);
  creations.set(
    db,
    turn.catch(() => undefined),
  );
  return turn;
}

export async function createPasswordUser(db: Db, input: { name: string; email: string; password: string; role: Role }): Promise<string> {
  const name = checkedName(input.name);
  return await oneAtATime(db, async () => await createChecked(db, { ...input, name }));
}

async function createChecked(db: Db, input: { name: string; email: string; password: string; role: Role }): Promise<string> {
  const email = input.email.toLowerCase();
  const existing = await db.select().from(user).where(eq(user.email, email)).get();
  if (existing && !existing.accessRemovedAt) throw conflict(`${email} already has an account`);
  await assertNameFree(db, input.name, existing?.id ?? null);
  const auth = await (await authFor(db)).$context;
  if (existing) {
    // Someone whose access was removed, invited back: same person, so their past work stays theirs.
    await auth.internalAdapter.updatePassword(existing.id, await auth.password.hash(input.password));
    await db
      .update(user)
      .set({ name: input.name, role: input.role, accessRemovedAt: null, updatedAt: new Date() })
      .where(eq(user.id, existing.id))
      .run();
    return existing.id;
  }
  const hash = await auth.password.hash(input.password);
  const created = await auth.internalAdapter.createUser({ email, name: input.name, emailVerified: false }, { method: 'email-password' });
  await auth.internalAdapter.linkAccount({ userId: created.id, providerId: 'credential', accountId: created.id, password: hash });
  // The role is ours, not better-auth's: set it after creation (a person left half-made is a viewer, the least harm).
  await db.update(user).set({ role: input.role }).where(eq(user.id, created.id)).run();
  return created.id;
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
