// First-run setup, signing in through better-auth, and the password reset the
// command line uses: real accounts on a real SQLite file.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { account, session, user } from '@/db/schema';
import { resetPassword } from '@/server/auth/accounts';
import { authFor } from '@/server/auth/auth';
import { actorFromHeaders, createContext } from '@/server/context';
import { withPeer } from '@/server/http/client-address';
import { createCaller } from '@/server/routers/_app';
import { countUsers } from '@/server/services/people';
import { closeDatabase } from '@/db/client';
import { openAppDatabase } from '@/server/database';
import { addFailingTrigger, cookieFrom, dropTrigger, freshCaller, refusal } from './helpers';

const ADMIN = { name: 'Ada First', email: 'Ada@Example.org', password: 'first admin password' };
const URL_ = 'http://localhost:3000/setup';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller({ people: false });
});
afterEach(() => ctx.cleanup());

/** A caller as the tRPC route builds it: the context comes from the request's headers. */
async function requestCaller(headers = withPeer(new Headers(), '127.0.0.1')) {
  const resHeaders = new Headers();
  const context = await createContext({ db: ctx.db, headers, resHeaders, url: URL_ });
  return { caller: createCaller(context), context, resHeaders };
}

async function setUp() {
  const { caller, resHeaders } = await requestCaller();
  expect(await caller.account.setup(ADMIN)).toEqual({ ok: true });
  return { cookie: cookieFrom(resHeaders), resHeaders };
}

async function signIn(email: string, password: string) {
  return (await authFor(ctx.db)).api.signInEmail({ body: { email, password }, headers: new Headers(), returnHeaders: true });
}

describe('first-run setup', () => {
  it('is needed while nobody has an account', async () => {
    expect(await countUsers(ctx.db)).toBe(0);
    const { caller, context } = await requestCaller();
    expect(context).toMatchObject({ setupNeeded: true, user: null, origin: 'http://localhost:3000' });
    expect(await caller.account.me()).toEqual({ user: null, setupNeeded: true });
    // Everything else still needs someone signed in.
    expect(await refusal(caller.article.list())).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('makes the first account an admin and signs them in; a second setup is refused', async () => {
    const { cookie, resHeaders } = await setUp();
    expect(resHeaders.getSetCookie().join('\n')).toMatch(/session_token=.*HttpOnly/i);
    expect(resHeaders.getSetCookie().join('\n')).toMatch(/SameSite=Lax/i);
    const [admin] = await ctx.db.select().from(user).all();
    expect(admin).toMatchObject({ name: 'Ada First', email: 'ada@example.org', role: 'admin', accessRemovedAt: null });
    // The password is stored only as better-auth's hash.
    const [credential] = await ctx.db.select().from(account).where(eq(account.userId, admin.id)).all();
    expect(credential.providerId).toBe('credential');
    expect(credential.password).toBeTruthy();
    expect(credential.password).not.toContain(ADMIN.password);

    const signedIn = await requestCaller(new Headers({ cookie }));
    expect(signedIn.context).toMatchObject({ setupNeeded: false, user: { id: admin.id, name: 'Ada First', role: 'admin' } });
    expect(await signedIn.caller.account.me()).toEqual({ user: { id: admin.id, name: 'Ada First', role: 'admin' }, setupNeeded: false });
    expect(await signedIn.caller.people.list()).toHaveLength(1);

    for (const headers of [new Headers(), new Headers({ cookie })]) {
      const again = await requestCaller(headers);
      expect(again.context.setupNeeded).toBe(false);
      const second = await refusal(
        again.caller.account.setup({ name: 'Mallory', email: 'mallory@example.org', password: 'mallory password' }),
      );
      expect(second).toMatchObject({ code: 'FORBIDDEN', message: /already has an account/ });
      expect(again.resHeaders.getSetCookie()).toEqual([]);
    }
    expect(await countUsers(ctx.db)).toBe(1);
  });

  it('makes one admin when two visitors race for it', async () => {
    const a = await requestCaller();
    const b = await requestCaller();
    const results = await Promise.allSettled([
      a.caller.account.setup(ADMIN),
      b.caller.account.setup({ name: 'Mallory', email: 'mallory@example.org', password: 'mallory password' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'FORBIDDEN', message: /already has an account/ });
    // Whichever finished hashing first is the admin; the other made nothing.
    const people = await ctx.db.select().from(user).all();
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ role: 'admin', email: expect.stringMatching(/^(ada|mallory)@example\.org$/) });
  });

  it('makes one admin when two app servers on the same database race for it', async () => {
    // A second handle on the same database is what another process has: its own in-process queue, the same rows.
    const other = await openAppDatabase(ctx.file);
    try {
      const a = await requestCaller();
      const resHeaders = new Headers();
      const b = createCaller(await createContext({ db: other, headers: withPeer(new Headers(), '127.0.0.1'), resHeaders, url: URL_ }));
      const results = await Promise.allSettled([
        a.caller.account.setup(ADMIN),
        b.account.setup({ name: 'Mallory', email: 'mallory@example.org', password: 'mallory password' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'FORBIDDEN' });
      expect(await countUsers(ctx.db)).toBe(1);
    } finally {
      closeDatabase(other);
    }
  });

  it('lets the next setup through when one fails half-way', async () => {
    const { caller } = await requestCaller();
    await addFailingTrigger(ctx.db, { name: 'fail_user', table: 'user', timing: 'BEFORE INSERT', message: 'user write failed' });
    await expect(caller.account.setup(ADMIN)).rejects.toThrow();
    await dropTrigger(ctx.db, 'fail_user', 'user');
    expect(await countUsers(ctx.db)).toBe(0);
    await setUp();
    expect(await countUsers(ctx.db)).toBe(1);
  });

  it('refuses a short password or a bad email, making no account', async () => {
    const { caller } = await requestCaller();
    expect(await refusal(caller.account.setup({ ...ADMIN, password: 'short' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: /at least 8/,
    });
    expect(await refusal(caller.account.setup({ ...ADMIN, email: 'not an email' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await countUsers(ctx.db)).toBe(0);
  });
});

describe('signing in', () => {
  it('refuses a wrong password and gives a session for the right one', async () => {
    await setUp();
    await expect(signIn('ada@example.org', 'wrong password!')).rejects.toThrow();
    await expect(signIn('nobody@example.org', ADMIN.password)).rejects.toThrow();

    const { headers } = await signIn('ada@example.org', ADMIN.password);
    const cookie = cookieFrom(headers);
    expect(cookie).toMatch(/session_token=/);
    const actor = await actorFromHeaders(ctx.db, new Headers({ cookie }));
    expect(actor).toMatchObject({ name: 'Ada First', role: 'admin' });

    // A forged or garbled cookie is nobody.
    expect(
      await actorFromHeaders(ctx.db, new Headers({ cookie: cookie.replace(/=(.)/, (_m, c: string) => `=${c === 'A' ? 'B' : 'A'}`) })),
    ).toBeNull();
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie: 'better-auth.session_token=nonsense' }))).toBeNull();
    expect(await actorFromHeaders(ctx.db, new Headers())).toBeNull();
  });

  it('is not open to sign-up: accounts come only from setup and invites', async () => {
    await setUp();
    await expect(
      (await authFor(ctx.db)).api.signUpEmail({
        body: { name: 'Walk In', email: 'walkin@example.org', password: 'walk-in password' },
        headers: new Headers(),
      }),
    ).rejects.toThrow();
    expect(await countUsers(ctx.db)).toBe(1);
  });
});

describe('resetting a password', () => {
  it('accepts the new password, refuses the old one and ends every session', async () => {
    const { cookie } = await setUp();
    const [admin] = await ctx.db.select().from(user).all();
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie }))).toMatchObject({ id: admin.id });

    await resetPassword(ctx.db, 'ADA@example.org', 'a brand new password');
    expect(await ctx.db.select().from(session).where(eq(session.userId, admin.id)).all()).toHaveLength(0);
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie }))).toBeNull();

    await expect(signIn('ada@example.org', ADMIN.password)).rejects.toThrow();
    const { headers } = await signIn('ada@example.org', 'a brand new password');
    expect(await actorFromHeaders(ctx.db, new Headers({ cookie: cookieFrom(headers) }))).toMatchObject({ id: admin.id, role: 'admin' });
  });

  it('says so when nobody has that email', async () => {
    await expect(resetPassword(ctx.db, 'ghost@example.org', 'whatever password')).rejects.toThrow(
      /No account has the email ghost@example.org/,
    );
  });
});
