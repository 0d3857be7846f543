import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from '@/server/http/same-origin';

const post = (headers: Record<string, string>) =>
  new Request('http://localhost:3000/api/trpc/article.import', { method: 'POST', headers: { host: 'localhost:3000', ...headers } });

describe('isCrossSiteWrite', () => {
  it('refuses a write whose Origin is another site', () => {
    expect(isCrossSiteWrite(post({ origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSiteWrite(post({ origin: 'http://localhost:3001' }))).toBe(true);
    expect(isCrossSiteWrite(post({ origin: 'null' }))).toBe(true);
  });

  it('lets same-origin writes, reads and non-browser clients through', () => {
    expect(isCrossSiteWrite(post({ origin: 'http://localhost:3000' }))).toBe(false);
    expect(isCrossSiteWrite(post({}))).toBe(false);
    expect(isCrossSiteWrite(new Request('http://localhost:3000/api/trpc/article.list', { headers: { origin: 'https://evil.example' } }))).toBe(false);
  });
});
