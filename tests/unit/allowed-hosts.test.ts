import { describe, expect, it } from 'vitest';
import { allowedHostnames, hostnameOf, isAllowedHost } from '@/server/http/allowed-hosts';
import { contentSecurityPolicy, hasOwnPolicy } from '@/server/http/security-headers';

const headers = (host: string | null, extra: Record<string, string> = {}) => {
  const h = new Headers(extra);
  if (host !== null) h.set('host', host);
  return h;
};

describe('isAllowedHost', () => {
  const local = allowedHostnames(undefined, undefined);

  it('answers localhost, 127.0.0.1 and [::1] on any port', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3313', '[::1]:3000', 'LOCALHOST:80'])
      expect(isAllowedHost(headers(host), local), host).toBe(true);
  });

  it('refuses a rebinding name, even with a matching Origin, and malformed or missing hosts', () => {
    expect(isAllowedHost(headers('rebind.evil.example:3931', { origin: 'http://rebind.evil.example:3931' }), local)).toBe(false);
    for (const host of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', 'user@localhost', 'localhost/x', ''])
      expect(isAllowedHost(headers(host), local), host).toBe(false);
    expect(isAllowedHost(headers(null), local)).toBe(false);
  });

  it('checks X-Forwarded-Host too, which a rebinding page could set', () => {
    expect(isAllowedHost(headers('localhost:3000', { 'x-forwarded-host': 'rebind.evil.example' }), local)).toBe(false);
    expect(isAllowedHost(headers('localhost:3000', { 'x-forwarded-host': 'localhost:3000' }), local)).toBe(true);
  });

  it('adds the public URL and FACTCHECK_ALLOWED_HOSTS', () => {
    const configured = allowedHostnames('https://checks.example.org', 'desk.internal, 10.0.0.5:3000 ,,bad/name');
    expect(isAllowedHost(headers('checks.example.org'), configured)).toBe(true);
    expect(isAllowedHost(headers('localhost:3000', { 'x-forwarded-host': 'checks.example.org' }), configured)).toBe(true);
    expect(isAllowedHost(headers('desk.internal:8080'), configured)).toBe(true);
    expect(isAllowedHost(headers('10.0.0.5:3000'), configured)).toBe(true);
    expect(isAllowedHost(headers('other.example.org'), configured)).toBe(false);
    expect(configured.has('bad')).toBe(false);
    expect(allowedHostnames('not a url', undefined)).toEqual(local);
  });

  it('reads host names from the forms they come in', () => {
    expect(hostnameOf('Example.ORG:443')).toBe('example.org');
    expect(hostnameOf('https://example.org/path')).toBe('example.org');
    expect(hostnameOf('[::1]:3000')).toBe('[::1]');
    expect(hostnameOf('a b')).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts by nonce only, never eval or inline, and no framing', () => {
    const csp = contentSecurityPolicy('abc123', false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/script-src[^;]*/);
    expect(csp.match(/script-src[^;]*/)![0]).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('leaves the export its own policy', () => {
    expect(hasOwnPolicy('/articles/12/export')).toBe(true);
    expect(hasOwnPolicy('/articles/12')).toBe(false);
    expect(hasOwnPolicy('/articles/12/export/x')).toBe(false);
  });

  it('leaves public pages their own policy too', () => {
    expect(hasOwnPolicy('/p/harbour-pier')).toBe(true);
    expect(hasOwnPolicy('/p/harbour-pier/v/2')).toBe(true);
    expect(hasOwnPolicy('/p')).toBe(false);
    expect(hasOwnPolicy('/p/harbour-pier/other')).toBe(false);
  });
});
