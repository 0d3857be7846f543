// State that several app processes must share lives in the database, not in
// one process's memory: two handles on one database file stand for two app
// processes (each has its own connections, locks and caches). First-run setup
// makes one admin, a name goes to one person, an invite is used once,
// sign-in failures all count, and a cached article text never outlives a
// revision made by the other process.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '@/db/client';
import { DIALECT } from '@/db/dialect';
import { signInFailures, user } from '@/db/schema';
import { createPasswordUser } from '@/server/auth/accounts';
import { SignInLimits } from '@/server/auth/sign-in-limits';
import { createContext } from '@/server/context';
import { openAppDatabase } from '@/server/database';
import { withPeer } from '@/server/http/client-address';
import { createCaller } from '@/server/routers/_app';
import { articleText } from '@/server/services/article-text';
import { claimInvite, createInvite } from '@/server/services/people';
import { contextFor, freshCaller, PEOPLE } from './helpers';
import { importRiver, RIVER_REVISED } from './river-desk';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
/** The second app process's handle on the same database. */
let other: Db;

async function open(people: boolean) {
  ctx = await freshCaller({ people });
  other = await openAppDatabase(ctx.file);
}
afterEach(() => {
  closeDatabase(other);
  ctx.cleanup();
});

/**
 * At once on PostgreSQL, where the database decides between the two. One after the other on SQLite: two handles in
 * one process cannot overlap their transactions there (the second waits for the file's lock with the event loop
 * blocked, so the first can never finish); two real processes can, and SQLite's one writer serialises them.
 */
async function together<T>(tasks: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  if (DIALECT === 'pg') return Promise.allSettled(tasks.map((task) => task()));
  const results: PromiseSettledResult<T>[] = [];
  for (const task of tasks) {
    results.push(
      await task().then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ),
    );
  }
  return results;
}

const setupCaller = async (db: Db) =>
  createCaller(
    await createContext({
      db,
      headers: withPeer(new Headers(), '127.0.0.1'),
      resHeaders: new Headers(),
      url: 'http://localhost:3000/setup',
    }),
  );

describe('first-run setup on two app processes', () => {
  beforeEach(() => open(false));

  it('makes one admin when a visitor on each process races for it', async () => {
    const results = await Promise.allSettled([
      (await setupCaller(ctx.db)).account.setup({ name: 'Ada First', email: 'ada@example.org', password: 'first admin password' }),
      (await setupCaller(other)).account.setup({ name: 'Mal Second', email: 'mal@example.org', password: 'second admin password' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'FORBIDDEN',
      message: /already has an account/,
    });
    const people = await ctx.db.select({ role: user.role }).from(user).all();
    expect(people).toEqual([{ role: 'admin' }]);
  });
});

describe('people on two app processes', () => {
  beforeEach(() => open(true));

  it('gives a name to one person when two processes create it at once', async () => {
    const results = await Promise.allSettled([
      createPasswordUser(ctx.db, { name: 'Sam Same', email: 'sam1@example.org', password: 'a long password', role: 'reviewer' }),
      createPasswordUser(other, { name: 'sam  same', email: 'sam2@example.org', password: 'a long password', role: 'reviewer' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const named = (await ctx.db.select({ name: user.name }).from(user).all()).filter((p) => /sam/i.test(p.name));
    expect(named).toHaveLength(1);
  });

  it('lets an invite be used once when both processes claim it', async () => {
    const { token } = await createInvite(ctx.db, PEOPLE.admin, { email: 'new@example.org', role: 'viewer' });
    const results = await together([() => claimInvite(other, token), () => claimInvite(ctx.db, token)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'BAD_REQUEST',
      message: /already been used/,
    });
  });

  it('counts every failed sign-in, whichever process saw it', async () => {
    const here = new SignInLimits(ctx.db);
    const there = new SignInLimits(other);
    await together(Array.from({ length: 6 }, (_, i) => () => (i % 2 ? here : there).failed('192.0.2.7', 'pat@example.org')));
    const row = await ctx.db.select().from(signInFailures).where(eq(signInFailures.key, 'account:pat@example.org')).get();
    expect(row?.failures).toBe(6);
    const place = await ctx.db.select().from(signInFailures).where(eq(signInFailures.key, 'address:192.0.2.7')).get();
    expect(place?.failures).toBe(6);
    // The sixth failure is past the free ones: the account waits, on either process.
    expect(await there.waitFor('198.51.100.1', 'pat@example.org')).toBeGreaterThan(0);
    expect(await here.waitFor('198.51.100.1', 'pat@example.org')).toBeGreaterThan(0);
  });

  it('never serves a cached article text after the other process made a revision', async () => {
    const articleId = await importRiver(ctx);
    const before = await articleText(ctx.db, articleId);
    expect(before.revision).toBe(1);
    // The other process revises the article; this one still holds the old text in its cache.
    const caller = createCaller(contextFor(other, PEOPLE.editor));
    await caller.article.update({ articleId, text: RIVER_REVISED });
    const after = await articleText(ctx.db, articleId);
    expect(after.revision).toBe(2);
    expect(after.doc.textContent).toContain('eleven of twelve stations');
    expect(before.doc.textContent).not.toContain('eleven of twelve stations');
  });
});
