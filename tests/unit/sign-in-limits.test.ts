import { closeDatabase } from '@/db/client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, openDatabaseUrl, type Db } from '@/db/client';
import { DIALECT } from '@/db/dialect';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, accountBackoffMs, SignInLimits, waitMessage } from '@/server/auth/sign-in-limits';
import { clientAddress, normalizeAddress, requestIsHttps, trustedProxies, withPeer } from '@/server/http/client-address';
import { safeReturnPath } from '@/server/http/return-path';

// The limiter keeps its counts in the database; each test has its own database (a file, or on the
// PostgreSQL pass a copy of the run's template) and its own clock.
const opened: { db: Db; remove: () => void }[] = [];
afterEach(() => {
  for (const { db, remove } of opened.splice(0)) {
    closeDatabase(db);
    remove();
  }
});
async function freshDb(): Promise<Db> {
  if (DIALECT === 'pg') {
    const { freshPgDatabase } = await import('../support/pg-databases');
    const made = await freshPgDatabase();
    const db = await openDatabaseUrl(made.url);
    opened.push({ db, remove: () => void made.drop() });
    return db;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-limits-'));
  const db = openDatabase(path.join(dir, 'test.db'));
  opened.push({ db, remove: () => fs.rmSync(dir, { recursive: true, force: true }) });
  return db;
}
async function limiter(db?: Db) {
  db ??= await freshDb();
  const clock = { now: 1_700_000_000_000 };
  return { limits: new SignInLimits(db, () => clock.now), clock, db };
}

async function failTimes(limits: SignInLimits, times: number, address: string, email: (i: number) => string) {
  for (let i = 0; i < times; i++) await limits.failed(address, email(i));
}

describe('sign-in limits per account', () => {
  it('lets the first failures through, then backs off exponentially, from any address', async () => {
    const { limits, clock } = await limiter();
    await failTimes(limits, ACCOUNT_LIMIT.failures - 1, '10.0.0.1', () => 'ana@example.org');
    expect(await limits.waitFor('10.0.0.1', 'ana@example.org')).toBe(0);

    await limits.failed('10.0.0.1', 'ana@example.org');
    expect(await limits.waitFor('10.0.0.1', 'ana@example.org')).toBe(60_000);
    // Guessing the same person's password from elsewhere does not help.
    expect(await limits.waitFor('192.0.2.77', 'ana@example.org')).toBe(60_000);
    // Someone else, somewhere else, is not affected.
    expect(await limits.waitFor('192.0.2.77', 'ben@example.org')).toBe(0);

    clock.now += 60_000;
    expect(await limits.waitFor('192.0.2.77', 'ana@example.org')).toBe(0);
    await limits.failed('192.0.2.77', 'ana@example.org');
    expect(await limits.waitFor('10.0.0.1', 'ana@example.org')).toBe(120_000);
  });

  it('doubles the wait from a minute up to fifteen', () => {
    expect([4, 5, 6, 7, 8, 9].map(accountBackoffMs)).toEqual([0, 60_000, 120_000, 240_000, 480_000, 900_000]);
    expect(accountBackoffMs(40)).toBe(15 * 60_000);
    expect(accountBackoffMs(10_000)).toBe(15 * 60_000);
  });

  it('forgets the account’s failures after a successful sign-in', async () => {
    const { limits } = await limiter();
    await failTimes(limits, ACCOUNT_LIMIT.failures - 1, '10.0.0.1', () => 'ana@example.org');
    await limits.succeeded('ana@example.org');
    await failTimes(limits, ACCOUNT_LIMIT.failures - 1, '10.0.0.3', () => 'ana@example.org');
    expect(await limits.waitFor('10.0.0.3', 'ana@example.org')).toBe(0);

    // And a backing-off account is open again once it has signed in (for instance after a reset).
    await failTimes(limits, ACCOUNT_LIMIT.failures, '10.0.0.3', () => 'ana@example.org');
    expect(await limits.waitFor('10.0.0.4', 'ana@example.org')).toBeGreaterThan(0);
    await limits.succeeded('ana@example.org');
    expect(await limits.waitFor('10.0.0.4', 'ana@example.org')).toBe(0);
  });

  it('shares counts between limiters on one database (several app servers), not across databases', async () => {
    const db = await freshDb();
    const a = (await limiter(db)).limits;
    await failTimes(a, ACCOUNT_LIMIT.failures, '10.0.0.1', () => 'ana@example.org');
    expect(await new SignInLimits(db, () => 1_700_000_000_000).waitFor('10.0.0.1', 'ana@example.org')).toBeGreaterThan(0);
    expect(await (await limiter()).limits.waitFor('10.0.0.1', 'ana@example.org')).toBe(0);
  });
});

describe('sign-in limits per address', () => {
  it('blocks an address that fails across many accounts, even for an account it has not tried, until its window ends', async () => {
    const { limits, clock } = await limiter();
    const spray = (i: number) => `person${i}@example.org`;
    await failTimes(limits, ADDRESS_LIMIT.failures - 1, '203.0.113.9', spray);
    expect(await limits.waitFor('203.0.113.9', 'fresh@example.org')).toBe(0);

    await limits.failed('203.0.113.9', spray(ADDRESS_LIMIT.failures));
    expect(await limits.waitFor('203.0.113.9', 'fresh@example.org')).toBe(ADDRESS_LIMIT.minutes * 60_000);
    // No single account reached its own limit, so the same people can still sign in from their own desks.
    expect(await limits.waitFor('198.51.100.1', spray(0))).toBe(0);
    expect(await limits.waitFor('198.51.100.1', 'fresh@example.org')).toBe(0);

    clock.now += ADDRESS_LIMIT.minutes * 60_000;
    expect(await limits.waitFor('203.0.113.9', 'fresh@example.org')).toBe(0);
  });

  it('is not cleared by a successful sign-in, which only clears the account', async () => {
    const { limits } = await limiter();
    await failTimes(limits, ADDRESS_LIMIT.failures, '203.0.113.9', (i) => `person${i}@example.org`);
    await limits.succeeded('person1@example.org');
    expect(await limits.waitFor('203.0.113.9', 'person1@example.org')).toBeGreaterThan(0);
  });
});

describe('waitMessage', () => {
  it('says how long to wait, in seconds under a minute, else in whole minutes', () => {
    expect(waitMessage(15 * 60_000)).toBe('Too many failed sign-in attempts. Wait 15 minutes and try again.');
    expect(waitMessage(14 * 60_000 + 1)).toMatch(/Wait 15 minutes/);
    expect(waitMessage(90_000)).toMatch(/Wait 2 minutes/);
    expect(waitMessage(60_000)).toMatch(/Wait a minute/);
    expect(waitMessage(59_990)).toMatch(/Wait a minute/);
    expect(waitMessage(4_200)).toMatch(/Wait 5 seconds/);
    expect(waitMessage(1)).toMatch(/Wait a second/);
    expect(waitMessage(0)).toMatch(/Wait a second/);
  });
});

describe('clientAddress', () => {
  const stamped = (peer: string, extra: Record<string, string> = {}) => withPeer(new Headers(extra), peer);

  it('is the connection’s address, whatever X-Forwarded-For or X-Real-IP a client sends', () => {
    const none = trustedProxies('');
    expect(clientAddress(stamped('203.0.113.9', { 'x-forwarded-for': '10.0.0.5', 'x-real-ip': '10.0.0.6' }), none)).toBe('203.0.113.9');
    expect(clientAddress(stamped('::ffff:203.0.113.9'), none)).toBe('203.0.113.9');
  });

  it('believes X-Forwarded-For only from a trusted proxy, read from the right past trusted hops', () => {
    const trusted = trustedProxies('127.0.0.1, 10.0.0.0/8');
    expect(clientAddress(stamped('127.0.0.1', { 'x-forwarded-for': 'forged, 198.51.100.4' }), trusted)).toBe('198.51.100.4');
    expect(clientAddress(stamped('127.0.0.1', { 'x-forwarded-for': '198.51.100.4, 10.1.2.3' }), trusted)).toBe('198.51.100.4');
    expect(clientAddress(stamped('127.0.0.1', { 'x-forwarded-for': 'garbage' }), trusted)).toBe('127.0.0.1');
    expect(clientAddress(stamped('203.0.113.9', { 'x-forwarded-for': '198.51.100.4' }), trusted)).toBe('203.0.113.9');
  });

  it('is "unknown" without a genuine stamp: a client cannot forge one', () => {
    expect(clientAddress(new Headers())).toBe('unknown');
    expect(clientAddress(new Headers({ 'x-factcheck-peer': 'guess 127.0.0.1' }))).toBe('unknown');
  });

  it('reads https only from a trusted proxy', () => {
    expect(requestIsHttps(stamped('198.51.100.4', { 'x-forwarded-proto': 'https' }), trustedProxies(''))).toBe(false);
    expect(requestIsHttps(stamped('127.0.0.1', { 'x-forwarded-proto': 'https' }), trustedProxies('127.0.0.1'))).toBe(true);
    expect(normalizeAddress('not an address')).toBeNull();
  });
});

describe('safeReturnPath', () => {
  it('keeps a path of this app, with its query', () => {
    expect(safeReturnPath('/articles/3?x=1')).toBe('/articles/3?x=1');
    expect(safeReturnPath('/')).toBe('/');
    expect(safeReturnPath(['/settings', '/other'])).toBe('/settings');
  });

  it('refuses other sites and anything that is not a plain path', () => {
    for (const value of [
      '//evil.example',
      '//evil.example/articles',
      '/\\evil',
      '/\\\\evil.example',
      'https://evil.example',
      'http://localhost:3000/articles',
      'javascript:alert(1)',
      'articles/3',
      '/articles\n/3',
      '/\t/evil.example',
      '',
      undefined,
    ]) {
      expect(safeReturnPath(value), String(value)).toBe('/');
    }
    expect(safeReturnPath([])).toBe('/');
  });
});
