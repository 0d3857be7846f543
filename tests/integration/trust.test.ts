// Issue 22, from its reproductions: names nobody can forge, a sign-in limit
// that holds whatever the body type or the forwarded headers say, nesting
// counted as the parser builds it, and the smaller holes. Requests go through
// the route handlers as Next calls them; the connecting address is stamped as
// the server's hook stamps it (server/http/client-address.ts).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/auth/[...all]/route';
import { GET as exportJson } from '@/app/articles/[id]/export.json/route';
import type { Db } from '@/db/client';
import { events, user } from '@/db/schema';
import { createPasswordUser } from '@/server/auth/accounts';
import { createContext } from '@/server/context';
import { findQuote } from '@/server/domain/anchoring';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { ImportError, importArticle } from '@/server/import';
import { withPeer } from '@/server/http/client-address';
import { createCaller } from '@/server/routers/_app';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';
import { cookieFrom, freshCaller, ON_PG, pgDiskFull, refusal, sqlAll, sqlRun } from './helpers';

const ORIGIN = 'http://localhost:3000';
const ADA = { name: 'Ada First', email: 'ada@example.org', password: 'first admin password' };
const RITA = { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita reviewer password' };

let ctx: Awaited<ReturnType<typeof freshCaller>>;
let adaCookie: string;

beforeEach(async () => {
  ctx = await freshCaller({ people: false });
  (globalThis as { factcheckDb?: Db }).factcheckDb = ctx.db;
  const resHeaders = new Headers();
  const setup = createCaller(
    await createContext({ db: ctx.db, headers: withPeer(new Headers(), '127.0.0.1'), resHeaders, url: `${ORIGIN}/setup` }),
  );
  await setup.account.setup(ADA);
  adaCookie = cookieFrom(resHeaders);
  await createPasswordUser(ctx.db, { ...RITA, role: 'reviewer' });
});
afterEach(() => {
  delete (globalThis as { factcheckDb?: Db }).factcheckDb;
  ctx.cleanup();
  vi.restoreAllMocks();
});

function authRequest(
  path: string,
  options: { peer: string; body: string; type?: string; headers?: Record<string, string>; cookie?: string },
): Promise<Response> {
  const headers = withPeer(new Headers({ 'content-type': options.type ?? 'application/json', ...options.headers }), options.peer);
  if (options.cookie) headers.set('cookie', options.cookie);
  return POST(new Request(`${ORIGIN}/api/auth${path}`, { method: 'POST', headers, body: options.body }));
}

const signInJson = (peer: string, email: string, password: string, headers: Record<string, string> = {}) =>
  authRequest('/sign-in/email', { peer, body: JSON.stringify({ email, password }), headers });

const signInForm = (peer: string, email: string, password: string) =>
  authRequest('/sign-in/email', {
    peer,
    body: new URLSearchParams({ email, password }).toString(),
    type: 'application/x-www-form-urlencoded',
  });

// Each sign-in hashes a password (scrypt): slow on a busy machine.
describe('the sign-in limit', { timeout: 60_000 }, () => {
  it('counts form-encoded failures against the account they name, whatever its case and spaces', async () => {
    for (let i = 0; i < 5; i++) expect((await signInForm('198.51.100.1', ' ADA@example.org ', 'guess number one')).status).not.toBe(200);
    // The right password, from somewhere else, now waits: the account is backing off.
    const right = await signInJson('198.51.100.2', 'ada@example.org', ADA.password);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await right.json()).message).toMatch(/Too many failed sign-in attempts/);
  });

  it('refuses body types better-auth does not need, before it reads them', async () => {
    const response = await authRequest('/sign-in/email', {
      peer: '198.51.100.1',
      body: JSON.stringify({ email: ADA.email, password: ADA.password }),
      type: 'text/plain',
    });
    expect(response.status).toBe(415);
    expect((await response.json()).message).toMatch(/JSON/);
  });

  it('keys addresses by the connection, not by a client-sent X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const spoofed = `10.${i}.${i}.${i}`;
      const res = await signInJson('203.0.113.9', `nobody${i}@example.org`, 'not the password', { 'x-forwarded-for': spoofed });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('does not lock out a valid password from another address; the account back-off still applies', async () => {
    // One attacker tries many accounts until their address is blocked.
    for (let i = 0; i < 21; i++) await signInJson('203.0.113.9', `someone${i}@example.org`, 'not the password');
    expect((await signInJson('203.0.113.9', `someone-else@example.org`, 'not the password')).status).toBe(429);
    // Ada, elsewhere, is not affected by that address's count.
    expect((await signInJson('198.51.100.2', ADA.email, ADA.password)).status).toBe(200);

    // Five failures against Ada from a third address: her account backs off for everyone, briefly.
    for (let i = 0; i < 5; i++) expect((await signInJson('192.0.2.50', ADA.email, 'wrong guess')).status).toBe(401);
    const waiting = await signInJson('198.51.100.2', ADA.email, ADA.password);
    expect(waiting.status).toBe(429);
    const seconds = Number(waiting.headers.get('retry-after'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    // The minute passes (the counter's own row, as the clock would leave it), and the right password gets in.
    await sqlRun(ctx.db, "UPDATE sign_in_failures SET blocked_until = 0 WHERE key = 'account:ada@example.org'");
    expect((await signInJson('198.51.100.2', ADA.email, ADA.password)).status).toBe(200);
  });

  it('is not reset for an address by signing in to one’s own account there', async () => {
    for (let i = 0; i < 19; i++) await signInJson('203.0.113.7', `guess${i}@example.org`, 'not the password');
    expect((await signInJson('203.0.113.7', RITA.email, RITA.password)).status).toBe(200);
    expect((await signInJson('203.0.113.7', 'guess-again@example.org', 'not the password')).status).toBe(401);
    expect((await signInJson('203.0.113.7', 'guess-more@example.org', 'not the password')).status).toBe(429);
  });

  it('is kept in the database, where other app servers would find it', async () => {
    await signInJson('203.0.113.7', 'guess@example.org', 'not the password');
    const rows = (await sqlAll(ctx.db, 'SELECT key FROM sign_in_failures')) as { key: string }[];
    expect(rows.map((r) => r.key).sort()).toEqual(['account:guess@example.org', 'address:203.0.113.7']);
  });

  it('answers a sentence, not a 500, while the disk is full', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // No more pages may be added, and the session table's last pages are filled: a new session gets SQLITE_FULL.
    if (ON_PG) await pgDiskFull(ctx.db, ['session']);
    else {
      const pages = ctx.db.$client.pragma('page_count', { simple: true }) as number;
      ctx.db.$client.pragma(`max_page_count = ${pages}`);
      const adaId = (await ctx.db.select().from(user).where(eq(user.email, ADA.email)).get())!.id;
      const insert = ctx.db.$client.prepare(
        'INSERT INTO session (id, expires_at, token, created_at, updated_at, user_id, user_agent) VALUES (?, 0, ?, 0, 0, ?, ?)',
      );
      for (const size of [2000, 200, 20, 0]) {
        try {
          for (;;) insert.run(randomUUID(), randomUUID(), adaId, 'x'.repeat(size));
        } catch {
          // this size no longer fits
        }
      }
    }
    const response = await signInJson('198.51.100.2', ADA.email, ADA.password);
    expect(response.status).toBe(503);
    expect((await response.json()).message).toMatch(/out of disk space/);
  });
});

describe('cookies that fit the address', { timeout: 60_000 }, () => {
  afterEach(() => {
    delete process.env.FACTCHECK_TRUSTED_PROXIES;
    delete process.env.FACTCHECK_PUBLIC_URL;
  });
  const cookies = (res: Response) => res.headers.getSetCookie().join('\n');

  it('are plain over http, Secure when a trusted proxy says https', async () => {
    const plain = await signInJson('198.51.100.2', ADA.email, ADA.password, { 'x-forwarded-proto': 'https' });
    expect(plain.status).toBe(200);
    expect(cookies(plain)).toMatch(/^better-auth\.session_token=/m);
    expect(cookies(plain)).not.toMatch(/;\s*Secure/i);

    process.env.FACTCHECK_TRUSTED_PROXIES = '127.0.0.1';
    const proxied = await signInJson('127.0.0.1', ADA.email, ADA.password, {
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '198.51.100.2',
    });
    expect(proxied.status).toBe(200);
    expect(cookies(proxied)).toMatch(/^__Secure-better-auth\.session_token=.*;\s*Secure/im);
  });

  it('with an https public URL, sign-in from a plain-http page is refused with a sentence instead of looping', async () => {
    process.env.FACTCHECK_PUBLIC_URL = 'https://desk.example.org';
    const res = await signInJson('198.51.100.2', ADA.email, ADA.password, { origin: 'http://localhost:3000' });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toMatch(/plain http.*https:\/\/desk\.example\.org/);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('names', { timeout: 60_000 }, () => {
  async function ritaCookie() {
    const res = await signInJson('198.51.100.3', RITA.email, RITA.password);
    expect(res.status).toBe(200);
    return cookieFrom(res.headers);
  }
  const updateUser = async (cookie: string, body: unknown) =>
    authRequest('/update-user', { peer: '198.51.100.3', body: JSON.stringify(body), cookie });
  const nameOf = async (email: string) => (await ctx.db.select().from(user).where(eq(user.email, email)).get())!.name;

  it('cannot be changed through better-auth’s own update-user: not a colleague’s, empty, huge or a lone surrogate', async () => {
    const cookie = await ritaCookie();
    for (const name of ['Ada First', '', 'x'.repeat(60_000), 'Rita \ud800', '<b>Rita</b>']) {
      const res = await updateUser(cookie, { name });
      expect(res.status, JSON.stringify(name.slice(0, 20))).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await nameOf(RITA.email)).toBe(RITA.name);
    // Nor through better-auth's server API, whatever path calls it.
    const auth = await (await import('@/server/auth/auth')).authFor(ctx.db);
    await expect(auth.api.updateUser({ body: { name: 'Ada First' }, headers: new Headers({ cookie }) })).rejects.toThrow();
    expect(await nameOf(RITA.email)).toBe(RITA.name);
  });

  async function callerFor(cookie: string) {
    return createCaller(await createContext({ db: ctx.db, headers: new Headers({ cookie }), url: ORIGIN }));
  }

  it('are unique per desk, ignoring case and spaces, and changes go into the history', async () => {
    const rita = await callerFor(await ritaCookie());
    for (const taken of ['ada first', '  Ada   FIRST ']) {
      expect(await refusal(rita.account.rename({ name: taken }))).toMatchObject({ code: 'CONFLICT', message: /already/ });
    }
    expect((await refusal(rita.account.rename({ name: '' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(rita.account.rename({ name: 'R\ud800' }))).code).toBe('BAD_REQUEST');
    await rita.account.rename({ name: 'Rita Q. Reviewer' });
    expect(await nameOf(RITA.email)).toBe('Rita Q. Reviewer');

    const admin = await callerFor(adaCookie);
    const ritaId = (await ctx.db.select().from(user).where(eq(user.email, RITA.email)).get())!.id;
    expect(await refusal(admin.people.rename({ userId: ritaId, name: 'ADA first' }))).toMatchObject({ code: 'CONFLICT' });
    await admin.people.rename({ userId: ritaId, name: 'Rita Reviewer' });
    expect(await nameOf(RITA.email)).toBe('Rita Reviewer');
    // A reviewer cannot rename someone else.
    expect((await refusal(rita.people.rename({ userId: ritaId, name: 'Someone' }))).code).toBe('FORBIDDEN');

    const renames = await ctx.db.select().from(events).where(eq(events.type, 'person.renamed')).all();
    expect(renames.map((e) => [e.actorName, e.before, e.after])).toEqual([
      ['Rita Reviewer', { userId: ritaId, name: 'Rita Reviewer' }, { userId: ritaId, name: 'Rita Q. Reviewer' }],
      ['Ada First', { userId: ritaId, name: 'Rita Q. Reviewer' }, { userId: ritaId, name: 'Rita Reviewer' }],
    ]);
  });

  it('are unique when an invite is accepted', async () => {
    const admin = await callerFor(adaCookie);
    const invite = await admin.people.invite({ email: 'new@example.org', role: 'reviewer' });
    const visitor = createCaller(await createContext({ db: ctx.db, headers: new Headers(), url: ORIGIN }));
    expect(
      await refusal(visitor.account.acceptInvite({ token: invite.token, name: 'RITA  reviewer', password: 'new person password' })),
    ).toMatchObject({ code: 'CONFLICT', message: /already/ });
    // The invite is still usable with another name.
    expect(await visitor.account.acceptInvite({ token: invite.token, name: 'Nia New', password: 'new person password' })).toMatchObject({
      ok: true,
    });
  });
});

describe('nesting as the parser builds it', () => {
  it('refuses self-closing <div/> ×5,400 quickly, in words', () => {
    const started = performance.now();
    const html = `<!doctype html><title>Deep</title><body>${'<div/>'.repeat(5_400)}deep text</body>`;
    let error: unknown = null;
    try {
      importArticle({ text: html, format: 'html' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toBe('This page is nested too deeply to import (more than 200 levels)');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('still imports SVG full of self-closed elements (foreign content honours the slash)', () => {
    const html = `<!doctype html><title>Chart</title><body><p>Before the chart.</p><svg>${'<rect/>'.repeat(500)}</svg><p>After.</p></body>`;
    expect(importArticle({ text: html, format: 'html' }).doc.textContent).toContain('After.');
  });
});

describe('the smaller holes', { timeout: 60_000 }, () => {
  it('discardVersion refuses a verdict that is not on the scale (a lone surrogate among them)', async () => {
    const desk = await freshCaller();
    try {
      const { id: articleId } = await desk.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
      const doc = articleDocFromJSON((await desk.caller.article.byId({ id: articleId })).body);
      const exact = 'about 100 commercial banks';
      const id = randomUUID();
      await desk.caller.annotation.create({
        id,
        articleId,
        anchor: { ...findQuote(doc, exact)!, exact },
        verdict: 'false',
        rationale: 'Fine.',
        evidence: [],
      });
      for (const verdict of ['\ud800', 'no-such-verdict']) {
        const error = await refusal(desk.caller.annotation.discardVersion({ id, verdict, rationale: 'Mine.', evidence: [] }));
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.message).toMatch(/verdict/i);
      }
      expect(await desk.db.select().from(events).where(eq(events.type, 'annotation.conflict_discarded')).all()).toHaveLength(0);
    } finally {
      desk.cleanup();
    }
  });

  it('export.json of article 0 answers a sentence with 404, not zod’s error', async () => {
    const request = new Request(`${ORIGIN}/articles/0/export.json`, { headers: { cookie: adaCookie } });
    const response = await exportJson(request, { params: Promise.resolve({ id: '0' }) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Article not found' });
  });

  it('first-run setup is refused to a non-loopback peer without the setup token', async () => {
    const fresh = await freshCaller({ people: false });
    try {
      const remote = createCaller(
        await createContext({
          db: fresh.db,
          headers: withPeer(new Headers({ host: 'localhost:3000' }), '192.168.1.20'),
          url: `${ORIGIN}/setup`,
        }),
      );
      const error = await refusal(remote.account.setup({ name: 'Mallory', email: 'mallory@example.org', password: 'mallory password' }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/setup token/);
      expect(await fresh.db.select().from(user).all()).toHaveLength(0);
    } finally {
      fresh.cleanup();
    }
  });
});
