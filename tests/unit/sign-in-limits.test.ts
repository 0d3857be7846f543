import { describe, expect, it } from 'vitest';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, clientAddress, SignInLimits, waitMessage } from '@/server/auth/sign-in-limits';
import { safeReturnPath } from '@/server/http/return-path';

async function failTimes(limits: SignInLimits, times: number, address: string, email: (i: number) => string) {
  for (let i = 0; i < times; i++) await limits.failed(address, email(i));
}

describe('sign-in limits per account', () => {
  it('lets the first failures through and blocks the account after the limit, from any address', async () => {
    const limits = new SignInLimits();
    await failTimes(limits, ACCOUNT_LIMIT.failures - 1, '10.0.0.1', () => 'ana@example.org');
    expect(await limits.waitFor('10.0.0.1', 'ana@example.org')).toBe(0);

    await limits.failed('10.0.0.1', 'ana@example.org');
    const wait = await limits.waitFor('10.0.0.1', 'ana@example.org');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(ACCOUNT_LIMIT.minutes * 60_000);
    // Guessing the same person's password from elsewhere does not help.
    expect(await limits.waitFor('192.0.2.77', 'ana@example.org')).toBeGreaterThan(0);
    // Someone else, somewhere else, is not affected.
    expect(await limits.waitFor('192.0.2.77', 'ben@example.org')).toBe(0);
  });

  it('keeps blocking while failures go on past the limit', async () => {
    const limits = new SignInLimits();
    await failTimes(limits, ACCOUNT_LIMIT.failures + 3, '10.0.0.1', () => 'ana@example.org');
    expect(await limits.waitFor('10.0.0.2', 'ana@example.org')).toBeGreaterThan(0);
  });

  it('forgets the account’s failures after a successful sign-in', async () => {
    const limits = new SignInLimits();
    await failTimes(limits, ACCOUNT_LIMIT.failures - 1, '10.0.0.1', () => 'ana@example.org');
    await limits.succeeded('ana@example.org');
    await failTimes(limits, ACCOUNT_LIMIT.failures - 1, '10.0.0.3', () => 'ana@example.org');
    expect(await limits.waitFor('10.0.0.3', 'ana@example.org')).toBe(0);

    // And a blocked account is open again once it has signed in (for instance after a reset).
    await failTimes(limits, ACCOUNT_LIMIT.failures, '10.0.0.3', () => 'ana@example.org');
    expect(await limits.waitFor('10.0.0.4', 'ana@example.org')).toBeGreaterThan(0);
    await limits.succeeded('ana@example.org');
    expect(await limits.waitFor('10.0.0.4', 'ana@example.org')).toBe(0);
  });

  it('keeps separate counts in separate instances', async () => {
    const a = new SignInLimits();
    const b = new SignInLimits();
    await failTimes(a, ACCOUNT_LIMIT.failures, '10.0.0.1', () => 'ana@example.org');
    expect(await b.waitFor('10.0.0.1', 'ana@example.org')).toBe(0);
  });
});

describe('sign-in limits per address', () => {
  it('blocks an address that fails across many accounts, even for an account it has not tried', async () => {
    const limits = new SignInLimits();
    const spray = (i: number) => `person${i}@example.org`;
    await failTimes(limits, ADDRESS_LIMIT.failures - 1, '203.0.113.9', spray);
    expect(await limits.waitFor('203.0.113.9', 'fresh@example.org')).toBe(0);

    await limits.failed('203.0.113.9', spray(ADDRESS_LIMIT.failures));
    expect(await limits.waitFor('203.0.113.9', 'fresh@example.org')).toBeGreaterThan(0);
    // No single account reached its own limit, so the same people can still sign in from their own desks.
    expect(await limits.waitFor('198.51.100.1', spray(0))).toBe(0);
    expect(await limits.waitFor('198.51.100.1', 'fresh@example.org')).toBe(0);
  });

  it('is not cleared by a successful sign-in, which only clears the account', async () => {
    const limits = new SignInLimits();
    await failTimes(limits, ADDRESS_LIMIT.failures, '203.0.113.9', (i) => `person${i}@example.org`);
    await limits.succeeded('person1@example.org');
    expect(await limits.waitFor('203.0.113.9', 'person1@example.org')).toBeGreaterThan(0);
  });
});

describe('waitMessage', () => {
  it('says how long to wait, in whole minutes', () => {
    expect(waitMessage(15 * 60_000)).toBe('Too many failed sign-in attempts. Wait 15 minutes and try again.');
    expect(waitMessage(14 * 60_000 + 1)).toMatch(/Wait 15 minutes/);
    expect(waitMessage(90_000)).toMatch(/Wait 2 minutes/);
    expect(waitMessage(60_000)).toMatch(/Wait a minute/);
    expect(waitMessage(1)).toMatch(/Wait a minute/);
    expect(waitMessage(0)).toMatch(/Wait a minute/);
  });
});

describe('clientAddress', () => {
  it('takes the last X-Forwarded-For entry, the one the server itself appended', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 10.0.0.5' }))).toBe('10.0.0.5');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '10.0.0.5' }))).toBe('10.0.0.5');
    // A client cannot pick its address by sending a header of its own: that lands in front.
    expect(clientAddress(new Headers({ 'x-forwarded-for': 'forged, 10.0.0.5' }))).toBe('10.0.0.5');
    expect(clientAddress(new Headers({ 'x-forwarded-for': ' 10.0.0.5 , , ' }))).toBe('10.0.0.5');
  });

  it('falls back to X-Real-IP, then to "unknown"', () => {
    expect(clientAddress(new Headers({ 'x-real-ip': '10.0.0.6' }))).toBe('10.0.0.6');
    expect(clientAddress(new Headers({ 'x-forwarded-for': ' , ', 'x-real-ip': '10.0.0.6' }))).toBe('10.0.0.6');
    expect(clientAddress(new Headers())).toBe('unknown');
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
