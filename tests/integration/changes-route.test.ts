// GET /api/articles/[id]/changes?since=N, called as Next calls it: a Request
// with the session cookie a browser would send, through the route's own door.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/articles/[id]/changes/route';
import type { Db } from '@/db/client';
import { createContext } from '@/server/context';
import type { AnnotationChanges } from '@/server/domain/annotation-index';
import { withPeer } from '@/server/http/client-address';
import { CROSS_SITE_REFUSAL } from '@/server/http/same-origin';
import { createCaller } from '@/server/routers/_app';
import { cookieFrom, freshCaller } from './helpers';
import { anchorOf, CLAIM, EVIDENCE, RIVER } from './river-desk';

const ORIGIN = 'http://localhost:3000';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
let cookie: string;
let articleId: number;

beforeEach(async () => {
  ctx = await freshCaller({ people: false });
  // The route opens the database through getDb(), which keeps it here.
  (globalThis as { factcheckDb?: Db }).factcheckDb = ctx.db;
  const resHeaders = new Headers();
  const setup = createCaller(
    await createContext({ db: ctx.db, headers: withPeer(new Headers(), '127.0.0.1'), resHeaders, url: `${ORIGIN}/setup` }),
  );
  await setup.account.setup({ name: 'Ada First', email: 'ada@example.org', password: 'first admin password' });
  cookie = cookieFrom(resHeaders);
  ({ id: articleId } = await (await signedIn()).article.import({ text: RIVER }));
});
afterEach(() => {
  delete (globalThis as { factcheckDb?: Db }).factcheckDb;
  ctx.cleanup();
});

async function signedIn() {
  return createCaller(await createContext({ db: ctx.db, headers: new Headers({ cookie }), url: ORIGIN }));
}

async function annotate() {
  const caller = await signedIn();
  return caller.annotation.create({
    id: randomUUID(),
    articleId,
    anchor: await anchorOf({ ...ctx, caller }, articleId, CLAIM.fish),
    verdict: 'false',
    rationale: 'r',
    evidence: EVIDENCE,
  });
}

function get(query: string, headers: Record<string, string> = {}, id: string = String(articleId)) {
  const request = new Request(`${ORIGIN}/api/articles/${id}/changes${query}`, { headers: { cookie, ...headers } });
  return GET(request, { params: Promise.resolve({ id }) });
}

const cursorNow = async () => (await (await signedIn()).annotation.cursor({ articleId })).cursor;

describe('the changes route', () => {
  it('answers the changes after `since` with the cursor as ETag, then 304 while nothing changes', async () => {
    const since = await cursorNow();
    const made = await annotate();

    const response = await get(`?since=${since}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as AnnotationChanges;
    expect(body.changed.map((a) => a.id)).toEqual([made.id]);
    expect(body.removed).toEqual([]);
    expect(body.cursor).toBeGreaterThan(since);
    expect(response.headers.get('ETag')).toBe(`W/"${body.cursor}"`);
    expect(response.headers.get('Cache-Control')).toBe('no-cache, private');

    // Caught up: no body.
    const idle = await get(`?since=${body.cursor}`);
    expect(idle.status).toBe(304);
    expect(await idle.text()).toBe('');
    expect(idle.headers.get('ETag')).toBe(`W/"${body.cursor}"`);
    expect(idle.headers.get('Cache-Control')).toBe('no-cache, private');

    // The browser revalidating its cached answer for the old `since`.
    const revalidated = await get(`?since=${since}`, { 'if-none-match': `W/"${body.cursor}"` });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');

    // Until something changes: then the full answer again.
    await annotate();
    const fresh = await get(`?since=${since}`, { 'if-none-match': `W/"${body.cursor}"` });
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as AnnotationChanges).changed).toHaveLength(2);
  });

  it('refuses a `since` that is not a whole number, or beyond the latest change, with a 400', async () => {
    for (const query of ['', '?since=', '?since=-1', '?since=1.5', '?since=abc', '?since=1e3', '?since=99999999999999999']) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: string }).error, query).toMatch(/since/i);
    }
    for (const query of ['?since=0&revision=0', '?since=0&revision=x', '?since=0&revision=-2']) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: string }).error, query).toMatch(/revision/i);
    }
    const ahead = await get(`?since=${(await cursorNow()) + 1}`);
    expect(ahead.status).toBe(400);
    expect(((await ahead.json()) as { error: string }).error).toMatch(/no change/);
  });

  it('answers 401 without a session, 404 for an unknown article, 403 to another site', async () => {
    const signedOut = await GET(new Request(`${ORIGIN}/api/articles/${articleId}/changes?since=0`), {
      params: Promise.resolve({ id: String(articleId) }),
    });
    expect(signedOut.status).toBe(401);
    expect((await get('?since=0', {}, '999')).status).toBe(404);
    expect((await get('?since=0', {}, 'abc')).status).toBe(404);

    const crossSite = await get('?since=0', { 'sec-fetch-site': 'cross-site', 'x-factcheck-client': '1' });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: string }).error).toBe(CROSS_SITE_REFUSAL);
    // The app's own fetch says so with its header.
    expect((await get('?since=0', { 'sec-fetch-site': 'same-origin' })).status).toBe(403);
    expect((await get('?since=0', { 'sec-fetch-site': 'same-origin', 'x-factcheck-client': '1' })).status).toBe(200);
  });
});
