// People of the desk: roles, removal, invitations. The last admin is protected
// so that a desk can never lock itself out of its own settings.
import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNull } from 'drizzle-orm';
import { insertionOrder } from '@/db/order';
import type { Db, DbOrTx } from '@/db/client';
import { invites, session, user } from '@/db/schema';
import { openToken, sealToken } from '../auth/invite-seal';
import { INVITE_DAYS } from '../domain/people.types';
import { ROLE_LABELS, type Actor, type Role } from '../domain/roles';
import { conflict, invalidInput, notFound } from '../errors';
import { withTx } from './transaction';

export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  accessRemoved: boolean;
  createdAt: string;
}

export const LAST_ADMIN_REFUSAL = 'The desk needs at least one admin: make someone else an admin first';

export async function countUsers(db: DbOrTx): Promise<number> {
  return (await db.select({ n: count() }).from(user).all())[0].n;
}

export async function listPeople(db: DbOrTx): Promise<Person[]> {
  return (await db.select().from(user).orderBy(asc(user.name)).all()).map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    accessRemoved: row.accessRemovedAt !== null,
    createdAt: row.createdAt.toISOString(),
  }));
}

async function activeAdmins(db: DbOrTx): Promise<number> {
  return (
    await db
      .select({ n: count() })
      .from(user)
      .where(and(eq(user.role, 'admin'), isNull(user.accessRemovedAt)))
      .all()
  )[0].n;
}

async function personRow(db: DbOrTx, userId: string) {
  const row = await db.select().from(user).where(eq(user.id, userId)).get();
  if (!row) throw notFound('This person is not on the desk');
  return row;
}

export async function setRole(db: Db, userId: string, role: Role): Promise<Person> {
  await withTx(db, async (tx) => {
    const row = await personRow(tx, userId);
    if (row.accessRemovedAt) throw invalidInput(`${row.name} no longer has access: invite them again to give it back`);
    if (row.role === 'admin' && role !== 'admin' && (await activeAdmins(tx)) <= 1) throw invalidInput(LAST_ADMIN_REFUSAL);
    await tx.update(user).set({ role, updatedAt: new Date() }).where(eq(user.id, userId)).run();
  });
  return (await listPeople(db)).find((p) => p.id === userId)!;
}

/** Ends every session of the person and stops them signing in again; their name stays on their work. */
export async function removeAccess(db: Db, actor: Actor, userId: string): Promise<Person> {
  await withTx(db, async (tx) => {
    const row = await personRow(tx, userId);
    if (row.accessRemovedAt) return;
    if (row.role === 'admin' && (await activeAdmins(tx)) <= 1) throw invalidInput(LAST_ADMIN_REFUSAL);
    if (row.id === actor.id) throw invalidInput('You cannot remove your own access: ask another admin');
    await tx.update(user).set({ accessRemovedAt: new Date(), updatedAt: new Date() }).where(eq(user.id, userId)).run();
    await tx.delete(session).where(eq(session.userId, userId)).run();
  });
  return (await listPeople(db)).find((p) => p.id === userId)!;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface CreatedInvite {
  token: string;
  email: string;
  role: Role;
  expiresAt: string;
}

export async function createInvite(
  db: Db,
  actor: Actor,
  input: { email: string; role: Role },
  now = new Date(),
): Promise<CreatedInvite & { id: string }> {
  const existing = await db.select().from(user).where(eq(user.email, input.email)).get();
  // A person whose access was removed can be invited back; anyone else already has a way in.
  if (existing && !existing.accessRemovedAt) throw conflict(`${input.email} already has an account`);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITE_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const id = randomUUID();
  await db
    .insert(invites)
    .values({
      id,
      tokenHash: hashToken(token),
      tokenSealed: await sealToken(db, token),
      email: input.email,
      role: input.role,
      createdById: actor.id,
      createdAt: now.toISOString(),
      expiresAt,
    })
    .run();
  return { id, token, email: input.email, role: input.role, expiresAt };
}

export interface PendingInvite {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  createdBy: string | null;
  /** The link's token, or null when it cannot be given again (made before links were kept, or the auth secret changed). */
  token: string | null;
}

/** Invites not used, revoked or expired: the ones whose link still lets someone in. Newest first. */
export async function listPendingInvites(db: Db, now = new Date()): Promise<PendingInvite[]> {
  const rows = await db
    .select({ row: invites, createdBy: user.name })
    .from(invites)
    .leftJoin(user, eq(user.id, invites.createdById))
    .where(and(isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now.toISOString())))
    .orderBy(desc(invites.createdAt), desc(insertionOrder(invites)))
    .all();
  const pending: PendingInvite[] = [];
  for (const { row, createdBy } of rows)
    pending.push({
      id: row.id,
      email: row.email,
      role: row.role,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      createdBy,
      token: row.tokenSealed ? await openToken(db, row.tokenSealed) : null,
    });
  return pending;
}

/** Its link refuses from now on. Revoking one already used, revoked or expired changes nothing. */
export async function revokeInvite(db: Db, id: string, now = new Date()): Promise<{ id: string; email: string }> {
  const row = await db.select().from(invites).where(eq(invites.id, id)).get();
  if (!row) throw notFound('This invite does not exist');
  if (row.usedAt) throw invalidInput(`${row.email} has already joined with this invite: remove their access instead`);
  if (!row.revokedAt) await db.update(invites).set({ revokedAt: now.toISOString() }).where(eq(invites.id, id)).run();
  return { id, email: row.email };
}

export type InviteState = { ok: true; email: string; role: Role; roleLabel: string; expiresAt: string } | { ok: false; reason: string };

export const INVITE_USED = 'This invite link has already been used. Sign in instead, or ask an admin for a new link.';
export const INVITE_EXPIRED = 'This invite link has expired. Ask an admin for a new one.';
export const INVITE_REVOKED = 'This invite link was revoked by an admin. Ask an admin for a new one if you still need to join.';
export const INVITE_UNKNOWN = 'This invite link is not valid. Check that you copied all of it, or ask an admin for a new one.';

export async function inviteState(db: DbOrTx, token: string, now = new Date()): Promise<InviteState> {
  const row = await db
    .select()
    .from(invites)
    .where(eq(invites.tokenHash, hashToken(token)))
    .get();
  if (!row) return { ok: false, reason: INVITE_UNKNOWN };
  if (row.usedAt) return { ok: false, reason: INVITE_USED };
  if (row.revokedAt) return { ok: false, reason: INVITE_REVOKED };
  if (row.expiresAt <= now.toISOString()) return { ok: false, reason: INVITE_EXPIRED };
  return { ok: true, email: row.email, role: row.role, roleLabel: ROLE_LABELS[row.role], expiresAt: row.expiresAt };
}

/** Marks the invite used, once: of two people racing on one link, only one gets it. */
export async function claimInvite(db: Db, token: string, now = new Date()): Promise<{ email: string; role: Role }> {
  return withTx(db, async (tx) => {
    const state = await inviteState(tx, token, now);
    if (!state.ok) throw invalidInput(state.reason);
    // Only if still unused when written: another app process may have claimed it since the read above.
    const taken = await tx
      .update(invites)
      .set({ usedAt: now.toISOString() })
      .where(and(eq(invites.tokenHash, hashToken(token)), isNull(invites.usedAt)))
      .returning({ id: invites.id })
      .all();
    if (taken.length === 0) throw invalidInput(INVITE_USED);
    return { email: state.email, role: state.role };
  });
}

/** Gives an invite back when the account could not be made with it (say, a taken email). */
export async function releaseInvite(db: Db, token: string): Promise<void> {
  await db
    .update(invites)
    .set({ usedAt: null })
    .where(eq(invites.tokenHash, hashToken(token)))
    .run();
}
