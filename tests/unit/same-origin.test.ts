import { describe, expect, it } from 'vitest';
import { isCrossSiteRead, isCrossSiteWrite } from '@/server/http/same-origin';

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
    expect(
      isCrossSiteWrite(new Request('http://localhost:3000/api/trpc/article.list', { headers: { origin: 'https://evil.example' } })),
    ).toBe(false);
  });
});

describe('isCrossSiteWrite with browsers and proxies', () => {
  it('refuses what the browser marks as coming from another site, even without Origin', () => {
    expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' }))).toBe(false);
  });

  it('accepts the public address behind a proxy and nothing else', () => {
    const behindProxy = (origin: string) =>
      new Request('http://10.0.0.5:3000/api/trpc/article.import', { method: 'POST', headers: { host: '10.0.0.5:3000', origin } });
    expect(isCrossSiteWrite(behindProxy('https://checks.example.org'), 'https://checks.example.org')).toBe(false);
    expect(isCrossSiteWrite(behindProxy('https://evil.example'), 'https://checks.example.org')).toBe(true);
    expect(isCrossSiteWrite(behindProxy('https://checks.example.org'), undefined)).toBe(true);
  });
});

describe('isCrossSiteRead', () => {
  const get = (headers: Record<string, string>) =>
    new Request('http://localhost:3000/api/trpc/article.list', { headers: { host: 'localhost:3000', ...headers } });

  it('refuses a query another site asked for', () => {
    expect(isCrossSiteRead(get({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteRead(get({ 'sec-fetch-site': 'same-site', 'x-factcheck-client': '1' }))).toBe(true);
  });

  it('requires the app client header from browsers, so a plain link or <img> to a query is refused', () => {
    expect(isCrossSiteRead(get({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(isCrossSiteRead(get({ 'sec-fetch-site': 'none' }))).toBe(true);
    expect(isCrossSiteRead(get({ 'sec-fetch-site': 'same-origin', 'x-factcheck-client': '1' }))).toBe(false);
  });

  it('lets tools that send no Sec-Fetch-Site through, and leaves writes to isCrossSiteWrite', () => {
    expect(isCrossSiteRead(get({}))).toBe(false);
    expect(
      isCrossSiteRead(
        new Request('http://localhost:3000/api/trpc/article.import', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } }),
      ),
    ).toBe(false);
  });
});

describe('isCrossSiteRead for live streams (EventSource sends no custom header)', () => {
  const STREAMS = new Set(['/api/trpc/live.article']);
  const isStreamPath = (pathname: string) => STREAMS.has(pathname);
  const stream = (headers: Record<string, string>, path = '/api/trpc/live.article?input=%7B%7D') =>
    new Request(`http://localhost:3000${path}`, {
      headers: { host: 'localhost:3000', accept: 'text/event-stream', 'sec-fetch-mode': 'cors', ...headers },
    });

  it("lets the app's own page open a subscription's stream", () => {
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin' }), { isStreamPath })).toBe(false);
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' }), { isStreamPath })).toBe(false);
  });

  it('refuses a stream another site asked for, or one whose Origin is not the app', () => {
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'cross-site' }), { isStreamPath })).toBe(true);
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-site' }), { isStreamPath })).toBe(true);
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }), { isStreamPath })).toBe(true);
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'none' }), { isStreamPath })).toBe(true);
  });

  it('keeps the header rule for queries, navigations and anything that is not a stream', () => {
    // A query path is not a stream, whatever it asks for.
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin' }, '/api/trpc/article.list'), { isStreamPath })).toBe(true);
    // A link or an <img> to the stream: not cors mode.
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' }), { isStreamPath })).toBe(true);
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'no-cors' }), { isStreamPath })).toBe(true);
    // Not asking for an event stream.
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin', accept: '*/*' }), { isStreamPath })).toBe(true);
    // Without the stream list (the changes route), nothing changes.
    expect(isCrossSiteRead(stream({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
  });
});
