// A long article's editor page: the document travels once, apart from the
// page, as its stored JSON (GET /api/articles/[id]/document, called as Next
// calls it), and at most a few such answers are on their way at once; beyond
// that they wait their turn or are told "busy", while cheap reads go on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/articles/[id]/document/route';
import { GET as changes } from '@/app/api/articles/[id]/changes/route';
import type { Db } from '@/db/client';
import { createContext } from '@/server/context';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { plainTextOf } from '@/server/domain/plain-text';
import { withPeer } from '@/server/http/client-address';
import { DOCUMENT_BUSY, HeavyGate } from '@/server/http/heavy-gate';
import { createCaller } from '@/server/routers/_app';
import { cookieFrom, freshCaller, sqlGet } from './helpers';

const ORIGIN = 'http://localhost:3000';
/** Said once in the article, so that counting it counts copies of the document. */
const MARKER = 'The harbour board’s ledger for 2019 lists eleven unpaid invoices.';
const ARTICLE = ['Harbour fees under review', '', 'The board said fees rose by a third.', '', MARKER, '', 'Its auditors disagree.'].join(
  '\n',
);

type GateHolder = { factcheckDocumentGate?: HeavyGate; factcheckDb?: Db };
let ctx: Awaited<ReturnType<typeof freshCaller>>;
let cookie: string;
let articleId: number;

beforeEach(async () => {
  ctx = await freshCaller({ people: false });
  (globalThis as GateHolder).factcheckDb = ctx.db;
  const resHeaders = new Headers();
  const setup = createCaller(
    await createContext({ db: ctx.db, headers: withPeer(new Headers(), '127.0.0.1'), resHeaders, url: `${ORIGIN}/setup` }),
  );
  await setup.account.setup({ name: 'Ada First', email: 'ada@example.org', password: 'first admin password' });
  cookie = cookieFrom(resHeaders);
  ({ id: articleId } = await (await signedIn()).article.import({ text: ARTICLE }));
}, 60_000);
afterEach(() => {
  delete (globalThis as GateHolder).factcheckDb;
  delete (globalThis as GateHolder).factcheckDocumentGate;
  ctx.cleanup();
});

async function signedIn() {
  return createCaller(await createContext({ db: ctx.db, headers: new Headers({ cookie }), url: ORIGIN }));
}

function get(headers: Record<string, string> = {}, id = String(articleId)) {
  const request = new Request(`${ORIGIN}/api/articles/${id}/document`, { headers: { cookie, 'x-factcheck-client': '1', ...headers } });
  return GET(request, { params: Promise.resolve({ id }) });
}

const copies = (text: string, of: string) => text.split(of).length - 1;

describe('the editor page’s document', () => {
  it('is not in the page’s data, and comes once from the document route as the stored JSON', async () => {
    const page = await (await signedIn()).article.page({ id: articleId });
    expect(copies(JSON.stringify(page), MARKER)).toBe(0);
    expect(page.article.revision).toBe(1);

    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('ETag')).toBe('W/"r1"');
    const text = await response.text();
    expect(copies(text, MARKER)).toBe(1);
    const doc = articleDocFromJSON(JSON.parse(text));
    expect(plainTextOf(doc)).toContain(MARKER);

    // The browser revalidating its copy: nothing is sent again.
    const again = await get({ 'if-none-match': 'W/"r1"' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // A new revision is a new document.
    await (await signedIn()).article.update({ articleId, text: `${ARTICLE}\n\nA paragraph added later.` });
    const revised = await get({ 'if-none-match': 'W/"r1"' });
    expect(revised.status).toBe(200);
    expect(revised.headers.get('ETag')).toBe('W/"r2"');
    expect(await revised.text()).toContain('A paragraph added later.');
  });

  it('sends a long article whole, as stored', async () => {
    const long = ['Emoji ledger', '', ...Array.from({ length: 24 }, (_, i) => `Row ${i}: ${'🧾 🚢 '.repeat(1_000)}`)].join('\n\n');
    const { id } = await (await signedIn()).article.import({ text: long });
    const stored = (await sqlGet<{ body: string }>(ctx.db, 'SELECT CAST(body AS TEXT) AS body FROM articles WHERE id = ?', id))?.body;
    const response = await get({}, String(id));
    expect(await response.text()).toBe(stored);
  });

  it('answers 401 without a session, 404 for an unknown or deleted article, 403 to another site', async () => {
    const signedOut = await GET(new Request(`${ORIGIN}/api/articles/${articleId}/document`), {
      params: Promise.resolve({ id: String(articleId) }),
    });
    expect(signedOut.status).toBe(401);
    expect((await get({}, '999')).status).toBe(404);
    expect((await get({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    await (await signedIn()).article.delete({ id: articleId });
    expect((await get()).status).toBe(404);
  });
});

describe('the cap on long articles in flight', () => {
  it('lets two through, queues the third, tells the fourth "busy", and serves cheap reads all along', async () => {
    // Each answer holds its place until its body has been read: unread bodies are the controllable "slow sends".
    const gate = new HeavyGate({ running: 2, waiting: 1, waitMs: 60_000, holdMs: 60_000 });
    (globalThis as GateHolder).factcheckDocumentGate = gate;
    const first = await get();
    const second = await get();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(gate.counts).toEqual({ running: 2, waiting: 0 });

    let thirdSettled = false;
    const third = get().finally(() => {
      thirdSettled = true;
    });
    await expect.poll(() => gate.counts.waiting).toBe(1);

    const fourth = await get();
    expect(fourth.status).toBe(503);
    expect(fourth.headers.get('Retry-After')).toBe('5');
    expect(((await fourth.json()) as { error: string }).error).toBe(DOCUMENT_BUSY);

    // Cheap reads do not pass the gate: answered while both places are taken and one request waits.
    const caller = await signedIn();
    expect(await caller.annotation.list({ articleId })).toEqual([]);
    expect((await caller.article.page({ id: articleId })).article.id).toBe(articleId);
    const poll = await changes(new Request(`${ORIGIN}/api/articles/${articleId}/changes?since=0`, { headers: { cookie } }), {
      params: Promise.resolve({ id: String(articleId) }),
    });
    expect(poll.status).toBe(200);
    expect(thirdSettled).toBe(false);

    // The first body read to its end gives its place to the one waiting.
    expect(copies(await first.text(), MARKER)).toBe(1);
    const served = await third;
    expect(served.status).toBe(200);
    expect(copies(await served.text(), MARKER)).toBe(1);
    await second.body?.cancel();
    await expect.poll(() => gate.counts).toEqual({ running: 0, waiting: 0 });
  });
});
