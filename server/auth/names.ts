// People's names: one rule wherever a name is set (first-run setup, an invite
// accepted, an admin's rename, one's own), so nobody can take a colleague's
// name. Names are unique per desk ignoring case, spaces and invisible
// characters; the text itself passes personNameSchema (not empty, not too
// long, no lone surrogates). Renames go into the history.
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { user } from '@/db/schema';
import { personNameSchema } from '../domain/people.types';
import { can } from '../domain/policy';
import type { Actor } from '../domain/roles';
import { conflict, forbidden, invalidInput, notFound } from '../errors';
import { describeZodError } from '../trpc';
import { recordEvent } from '../services/events';
import { withTx } from '../services/transaction';
import { lockPeople } from './people-lock';

/** What two names must not share: case-folded, without spaces or invisible (format) characters, NFKC. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\p{Cf}]+/gu, '')
    .toLocaleLowerCase('en');
}

export const nameTaken = (name: string) => `Someone on this desk is already called ${name}: choose a name people can tell apart`;

/** The name, checked by the same schema as the forms; an AppError with the schema's sentence when it fails. */
export function checkedName(name: unknown): string {
  const parsed = personNameSchema.safeParse(name);
  if (!parsed.success) throw invalidInput(describeZodError(parsed.error));
  return parsed.data;
}

/** Refuses a name another person (not `except`) already has, by nameKey. */
export async function assertNameFree(db: DbOrTx, name: string, except: string | null = null): Promise<void> {
  const key = nameKey(name);
  const rows = await db.select({ id: user.id, name: user.name }).from(user).all();
  const holder = rows.find((row) => row.id !== except && nameKey(row.name) === key);
  if (holder) throw conflict(nameTaken(holder.name));
}

/** An admin renames anyone; anyone else only themselves. The check and the change are one transaction. */
export async function renamePerson(db: Db, actor: Actor, userId: string, name: unknown): Promise<{ id: string; name: string }> {
  if (actor.id !== userId && !can.managePeople(actor)) throw forbidden('Only an admin can rename someone else', 'role');
  const next = checkedName(name);
  return withTx(db, async (tx) => {
    // Another process renaming someone to the same name waits here, then sees this one's.
    await lockPeople(tx);
    const row = await tx.select().from(user).where(eq(user.id, userId)).get();
    if (!row) throw notFound('This person is not on the desk');
    if (row.name === next) return { id: row.id, name: row.name };
    await assertNameFree(tx, next, row.id);
    await tx.update(user).set({ name: next, updatedAt: new Date() }).where(eq(user.id, userId)).run();
    await recordEvent(tx, {
      type: 'person.renamed',
      actor,
      articleId: null,
      before: { userId, name: row.name },
      after: { userId, name: next },
    });
    return { id: row.id, name: next };
  });
}
