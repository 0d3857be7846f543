// People of the desk: roles, removal and invitations, through the procedures
// an admin uses, with real better-auth sessions where signing in matters.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invites, session, user } from '@/db/schema';
import { createPasswordUser } from '@/server/auth/accounts';
import { authFor } from '@/server/auth/auth';
import { actorFromHeaders } from '@/server/context';
import { REFUSALS } from '@/server/domain/roles';
import { createCaller } from '@/server/routers/_app';
import { createInvite, INVITE_EXPIRED, INVITE_REVOKED, INVITE_UNKNOWN, INVITE_USED, LAST_ADMIN_REFUSAL } from '@/server/services/people';
import { contextFor, cookieFrom, freshCaller, PEOPLE, refusal } from './helpers';

const PASSWORD = 'correct horse battery staple';
const DAY = 24 * 60 * 60 * 1000;

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

async function signIn(email: string, password: string): Promise<string> {
  const { headers } = await (await authFor(ctx.db)).api.signInEmail({
    body: { email, password },
    headers: new Headers(),
    returnHeaders: true,
  });
  const cookie = cookieFrom(headers);
  expect(cookie).toMatch(/session_token=/);
  return cookie;
}

/** A signed-out visitor's caller, whose response headers the test can read. */
function visitor() {
  const resHeaders = new Headers();
  return { caller: createCaller(contextFor(ctx.db, null, { headers: new Headers(), resHeaders })), resHeaders };
}

describe('roles', () => {
  it('are changed by an admin, and listed', async () => {
    const changed = await ctx.caller.people.setRole({ userId: PEOPLE.viewer.id, role: 'editor' });
    expect(changed).toMatchObject({ id: PEOPLE.viewer.id, name: 'Vic Viewer', role: 'editor', accessRemoved: false });
    const listed = await ctx.caller.people.list();
    expect(listed.map((p) => [p.email, p.role])).toEqual([
      ['ana@example.org', 'admin'],
      ['ed@example.org', 'editor'],
      ['rita@example.org', 'reviewer'],
      ['vic@example.org', 'editor'],
    ]);
  });

  it('answers NOT_FOUND for someone who is not on the desk', async () => {
    expect(await refusal(ctx.caller.people.setRole({ userId: 'nobody', role: 'editor' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(ctx.caller.people.removeAccess({ userId: 'nobody' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('are changed by admins only', async () => {
    for (const role of ['viewer', 'reviewer', 'editor'] as const) {
      const error = await refusal(ctx.as(role).people.setRole({ userId: PEOPLE[role].id, role: 'admin' }));
      expect(error).toMatchObject({ code: 'FORBIDDEN', message: REFUSALS.admin });
    }
    expect(await ctx.db.select().from(user).where(eq(user.role, 'admin')).all()).toHaveLength(1);
  });

  it('count at once: a role change applies to the next request of a signed-in person', async () => {
    const id = await createPasswordUser(ctx.db, { name: 'Sam Signed', email: 'sam@example.org', password: PASSWORD, role: 'reviewer' });
    const cookie = await signIn('sam@example.org', PASSWORD);
    const headers = new Headers({ cookie });
    expect(await actorFromHeaders(ctx.db, headers)).toEqual({ id, name: 'Sam Signed', role: 'reviewer' });
    await ctx.caller.people.setRole({ userId: id, role: 'viewer' });
    expect(await actorFromHeaders(ctx.db, headers)).toEqual({ id, name: 'Sam Signed', role: 'viewer' });
  });
});

describe('the last admin', () => {
  it('cannot be demoted or removed, until there is another admin', async () => {
    const demote = await refusal(ctx.caller.people.setRole({ userId: PEOPLE.admin.id, role: 'editor' }));
    expect(demote).toMatchObject({ code: 'BAD_REQUEST', message: LAST_ADMIN_REFUSAL });
    const remove = await refusal(ctx.caller.people.removeAccess({ userId: PEOPLE.admin.id }));
    expect(remove).toMatchObject({ code: 'BAD_REQUEST', message: LAST_ADMIN_REFUSAL });
    expect((await ctx.caller.people.list()).find((p) => p.id === PEOPLE.admin.id)).toMatchObject({ role: 'admin', accessRemoved: false });

    // With a second admin, the first may step down (keeping the other one as the last).
    await ctx.caller.people.setRole({ userId: PEOPLE.editor.id, role: 'admin' });
    expect(await ctx.caller.people.setRole({ userId: PEOPLE.admin.id, role: 'editor' })).toMatchObject({ role: 'editor' });
    const edAsAdmin = createCaller(contextFor(ctx.db, { ...PEOPLE.editor, role: 'admin' }));
    expect(await refusal(edAsAdmin.people.setRole({ userId: PEOPLE.editor.id, role: 'viewer' }))).toMatchObject({
      message: LAST_ADMIN_REFUSAL,
    });
    expect(await refusal(edAsAdmin.people.removeAccess({ userId: PEOPLE.editor.id }))).toMatchObject({ message: LAST_ADMIN_REFUSAL });
  });

  it('does not count an admin whose access was removed', async () => {
    await ctx.caller.people.setRole({ userId: PEOPLE.editor.id, role: 'admin' });
    await ctx.caller.people.removeAccess({ userId: PEOPLE.editor.id });
    expect(await refusal(ctx.caller.people.setRole({ userId: PEOPLE.admin.id, role: 'viewer' }))).toMatchObject({
      message: LAST_ADMIN_REFUSAL,
    });
  });

  it('is not removed by themselves, nor is any admin', async () => {
    await ctx.caller.people.setRole({ userId: PEOPLE.editor.id, role: 'admin' });
    const self = await refusal(ctx.caller.people.removeAccess({ userId: PEOPLE.admin.id }));
    expect(self).toMatchObject({ code: 'BAD_REQUEST', message: 'You cannot remove your own access: ask another admin' });
  });
});

describe('removing access', () => {
  it('ends every session, stops new ones and keeps the person listed', async () => {
    const id = await createPasswordUser(ctx.db, { name: 'Rob Reviewer', email: 'rob@example.org', password: PASSWORD, role: 'reviewer' });
    const first = await signIn('rob@example.org', PASSWORD);
    const second = await signIn('ROB@example.org', PASSWORD);
    expect(await ctx.db.select().from(session).where(eq(session.userId, id)).all()).toHaveLength(2);
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie: first }))).toMatchObject({ id, role: 'reviewer' });

    const removed = await ctx.caller.people.removeAccess({ userId: id });
    expect(removed).toMatchObject({ id, name: 'Rob Reviewer', accessRemoved: true });
    expect(await ctx.db.select().from(session).where(eq(session.userId, id)).all()).toHaveLength(0);
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie: first }))).toBeNull();
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie: second }))).toBeNull();

    // The right password no longer starts a session.
    await expect(signIn('rob@example.org', PASSWORD)).rejects.toThrow();
    expect(await ctx.db.select().from(session).where(eq(session.userId, id)).all()).toHaveLength(0);

    // Removing twice is not an error; changing the role of someone removed is refused.
    expect(await ctx.caller.people.removeAccess({ userId: id })).toMatchObject({ accessRemoved: true });
    expect(await refusal(ctx.caller.people.setRole({ userId: id, role: 'editor' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: /no longer has access/,
    });
    expect((await ctx.caller.people.list()).find((p) => p.id === id)).toMatchObject({ accessRemoved: true, role: 'reviewer' });
  });

  it('is undone by a new invite: same person, new password, the invited role, their work still theirs', async () => {
    const id = await createPasswordUser(ctx.db, { name: 'Rob Reviewer', email: 'rob@example.org', password: PASSWORD, role: 'reviewer' });
    await ctx.caller.people.removeAccess({ userId: id });
    const invite = await ctx.caller.people.invite({ email: 'rob@example.org', role: 'editor' });
    const { caller } = visitor();
    expect(await caller.account.acceptInvite({ token: invite.token, name: 'Robin Reviewer', password: 'a brand new password' })).toEqual({
      ok: true,
      role: 'editor',
    });
    expect((await ctx.caller.people.list()).filter((p) => p.email === 'rob@example.org')).toEqual([
      expect.objectContaining({ id, name: 'Robin Reviewer', role: 'editor', accessRemoved: false }),
    ]);
    await expect(signIn('rob@example.org', PASSWORD)).rejects.toThrow();
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie: await signIn('rob@example.org', 'a brand new password') }))).toMatchObject({
      id,
      role: 'editor',
    });
    // Someone who still has access is not invited twice.
    expect(await refusal(ctx.caller.people.invite({ email: 'rob@example.org', role: 'viewer' }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a session that outlived the removal', async () => {
    const id = await createPasswordUser(ctx.db, { name: 'Kim Keeper', email: 'kim@example.org', password: PASSWORD, role: 'editor' });
    const cookie = await signIn('kim@example.org', PASSWORD);
    // A session row that survived (say, written by another process just before) still gets no one in.
    const [row] = await ctx.db.select().from(session).where(eq(session.userId, id)).all();
    await ctx.db.update(user).set({ accessRemovedAt: new Date() }).where(eq(user.id, id)).run();
    expect(await ctx.db.select().from(session).where(eq(session.id, row.id)).all()).toHaveLength(1);
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie }))).toBeNull();
  });
});

describe('invites', () => {
  it('give a link once, show what they offer, and sign the new person in with the invited role', async () => {
    const invite = await ctx.caller.people.invite({ email: ' New.Person@Example.org ', role: 'editor' });
    expect(invite.email).toBe('new.person@example.org');
    expect(invite.role).toBe('editor');
    expect(invite.url).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(invite.url.endsWith(`/invite/${invite.token}`)).toBe(true);
    expect(new Date(invite.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * DAY);
    // Only a hash of the token is stored.
    const [stored] = await ctx.db.select().from(invites).all();
    expect(stored.tokenHash).not.toContain(invite.token);
    expect(JSON.stringify(stored)).not.toContain(invite.token);

    const { caller, resHeaders } = visitor();
    expect(await caller.account.invite({ token: invite.token })).toEqual({
      ok: true,
      email: 'new.person@example.org',
      role: 'editor',
      roleLabel: 'Editor',
      expiresAt: invite.expiresAt,
    });

    expect(await caller.account.acceptInvite({ token: invite.token, name: 'Nell New', password: PASSWORD })).toEqual({
      ok: true,
      role: 'editor',
    });
    const created = await ctx.db.select().from(user).where(eq(user.email, 'new.person@example.org')).get();
    expect(created).toMatchObject({ name: 'Nell New', role: 'editor', accessRemovedAt: null });

    // better-auth signed them in: the cookie it set names them, with their role.
    expect(resHeaders.getSetCookie().length).toBeGreaterThan(0);
    const cookie = cookieFrom(resHeaders);
    expect(cookie).toMatch(/session_token=/);
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie }))).toEqual({ id: created!.id, name: 'Nell New', role: 'editor' });
    // And they can sign in again later with the password they chose.
    await signIn('new.person@example.org', PASSWORD);

    // A link works once.
    const again = visitor();
    const used = await refusal(again.caller.account.acceptInvite({ token: invite.token, name: 'Mallory', password: 'another password' }));
    expect(used).toMatchObject({ code: 'BAD_REQUEST', message: INVITE_USED });
    expect(used.message).toMatch(/already been used/);
    expect(again.resHeaders.getSetCookie()).toEqual([]);
    expect(await again.caller.account.invite({ token: invite.token })).toEqual({ ok: false, reason: INVITE_USED });
    expect(await ctx.db.select().from(user).where(eq(user.email, 'new.person@example.org')).get()).toMatchObject({ name: 'Nell New' });
  });

  it('expire after a week', async () => {
    const invite = await createInvite(
      ctx.db,
      PEOPLE.admin,
      { email: 'late@example.org', role: 'reviewer' },
      new Date(Date.now() - 8 * DAY),
    );
    const { caller, resHeaders } = visitor();
    expect(await caller.account.invite({ token: invite.token })).toEqual({ ok: false, reason: INVITE_EXPIRED });
    const expired = await refusal(caller.account.acceptInvite({ token: invite.token, name: 'Late Larry', password: PASSWORD }));
    expect(expired).toMatchObject({ code: 'BAD_REQUEST', message: INVITE_EXPIRED });
    expect(expired.message).toMatch(/expired/);
    expect(resHeaders.getSetCookie()).toEqual([]);
    expect(await ctx.db.select().from(user).where(eq(user.email, 'late@example.org')).get()).toBeUndefined();

    // Six days old still works (checked without making the account).
    const recent = await createInvite(ctx.db, PEOPLE.admin, { email: 'soon@example.org', role: 'viewer' }, new Date(Date.now() - 6 * DAY));
    expect(await caller.account.invite({ token: recent.token })).toMatchObject({ ok: true, role: 'viewer' });
  });

  it('refuse a token nobody issued, and a malformed one before reading the database', async () => {
    const { caller } = visitor();
    const unknown = 'A'.repeat(43);
    expect(await caller.account.invite({ token: unknown })).toEqual({ ok: false, reason: INVITE_UNKNOWN });
    expect(await refusal(caller.account.acceptInvite({ token: unknown, name: 'X', password: PASSWORD }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: INVITE_UNKNOWN,
    });
    expect(await refusal(caller.account.invite({ token: 'short' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('are refused for an email that already has an account', async () => {
    const taken = await refusal(ctx.caller.people.invite({ email: 'ED@example.org', role: 'reviewer' }));
    expect(taken).toMatchObject({ code: 'CONFLICT', message: 'ed@example.org already has an account' });
    expect(await ctx.db.select().from(invites).all()).toHaveLength(0);
  });

  it('are given back when the account cannot be made, so the link still works', async () => {
    const invite = await ctx.caller.people.invite({ email: 'twice@example.org', role: 'reviewer' });
    // Someone made the account another way between the invite and its use.
    await createPasswordUser(ctx.db, { name: 'Other Way', email: 'twice@example.org', password: PASSWORD, role: 'viewer' });
    const { caller, resHeaders } = visitor();
    expect(await refusal(caller.account.acceptInvite({ token: invite.token, name: 'Twice', password: PASSWORD }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(resHeaders.getSetCookie()).toEqual([]);
    expect(await caller.account.invite({ token: invite.token })).toMatchObject({ ok: true });
    expect(await ctx.db.select().from(user).where(eq(user.email, 'twice@example.org')).get()).toMatchObject({
      name: 'Other Way',
      role: 'viewer',
    });
  });

  it('are made by admins only', async () => {
    for (const role of [null, 'viewer', 'reviewer', 'editor'] as const) {
      const error = await refusal(ctx.as(role).people.invite({ email: 'sneaky@example.org', role: 'admin' }));
      expect(error.code).toBe(role ? 'FORBIDDEN' : 'UNAUTHORIZED');
    }
    expect(await ctx.db.select().from(invites).all()).toHaveLength(0);
  });
});

describe('pending invites', () => {
  it('are listed with role, expiry and a link that still works, until used, revoked or expired', async () => {
    const first = await ctx.caller.people.invite({ email: 'pia@example.org', role: 'editor' });
    const second = await ctx.caller.people.invite({ email: 'quinn@example.org', role: 'viewer' });
    await createInvite(ctx.db, PEOPLE.admin, { email: 'old@example.org', role: 'viewer' }, new Date(Date.now() - 8 * DAY));

    const listed = await ctx.caller.people.invites();
    expect(listed.map((i) => [i.email, i.role, i.url, i.expiresAt])).toEqual([
      ['quinn@example.org', 'viewer', second.url, second.expiresAt],
      ['pia@example.org', 'editor', first.url, first.expiresAt],
    ]);

    // Revoked: gone from the list, and its link refuses with a sentence.
    expect(await ctx.caller.people.revokeInvite({ id: listed[1].id })).toEqual({ id: listed[1].id, email: 'pia@example.org' });
    expect((await ctx.caller.people.invites()).map((i) => i.email)).toEqual(['quinn@example.org']);
    const { caller } = visitor();
    expect(await caller.account.invite({ token: first.token })).toEqual({ ok: false, reason: INVITE_REVOKED });
    expect(await refusal(caller.account.acceptInvite({ token: first.token, name: 'Pia', password: PASSWORD }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: INVITE_REVOKED,
    });

    // Used: gone from the list, and no longer revocable.
    await caller.account.acceptInvite({ token: second.token, name: 'Quinn Q', password: PASSWORD });
    expect(await ctx.caller.people.invites()).toEqual([]);
    expect(await refusal(ctx.caller.people.revokeInvite({ id: listed[0].id }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('give no link for an invite sealed under another secret, rather than a wrong one', async () => {
    await ctx.caller.people.invite({ email: 'sam@example.org', role: 'viewer' });
    await ctx.db.update(invites).set({ tokenSealed: 'AAAA.BBBB.CCCC' }).run();
    expect((await ctx.caller.people.invites()).map((i) => i.url)).toEqual([null]);
  });
});
