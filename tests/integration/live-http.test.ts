// The live stream over HTTP, as a browser's EventSource opens it: a GET to
// /api/trpc/live.article with the session cookie and no custom header, through
// the tRPC route's own door (cross-site guard, body limit, fetch adapter).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/trpc/[trpc]/route';
import type { Db } from '@/db/client';
import { withPeer } from '@/server/http/client-address';
import { createContext } from '@/server/context';
import { CROSS_SITE_REFUSAL } from '@/server/http/same-origin';
import { createCaller } from '@/server/routers/_app';
import { inProcessListenerCount } from '@/server/services/notifier';
import { cookieFrom, freshCaller } from './helpers';
import { anchorOf, CLAIM, EVIDENCE, RIVER } from './river-desk';

const ORIGIN = 'http://localhost:3000';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
let cookie: string;
let articleId: number;

async function signedIn() {
  return createCaller(await createContext({ db: ctx.db, headers: new Headers({ cookie }), url: ORIGIN }));
}

beforeEach(async () => {
  ctx = await freshCaller({ people: false });
  (globalThis as { factcheckDb?: Db }).factcheckDb = ctx.db;
  const resHeaders = new Headers();
  // First-run setup is open to the server's own machine only.
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

/** What EventSource sends for a same-origin stream. */
const EVENT_SOURCE = { accept: 'text/event-stream', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };

function request(input: unknown, headers: Record<string, string> = EVENT_SOURCE, path = 'live.article', signal?: AbortSignal) {
  const url = `${ORIGIN}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
  return new Request(url, { headers: { host: 'localhost:3000', cookie, ...headers }, signal });
}

interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
}

/** Reads server-sent events off a response body. */
function events(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async function next(): Promise<SseEvent | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          const at = line.indexOf(':');
          if (at <= 0) continue;
          const field = line.slice(0, at) as keyof SseEvent;
          event[field] = line.slice(at + 1).replace(/^ /, '');
        }
        return event;
      }
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event within 3 s')), 3000)),
      ]);
      if (chunk.done) return null;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
}

/** The next data message (pings and the connection event skipped). */
async function nextData(next: () => Promise<SseEvent | null>) {
  for (;;) {
    const event = await next();
    if (!event) return null;
    if (event.event === undefined && event.data) return { id: event.id, message: JSON.parse(event.data) };
  }
}

async function annotate() {
  const caller = await signedIn();
  return caller.annotation.create({
    id: crypto.randomUUID(),
    articleId,
    anchor: await anchorOf({ ...ctx, caller }, articleId, CLAIM.fish),
    verdict: 'false',
    rationale: 'r',
    evidence: EVIDENCE,
  });
}

describe('the live stream over HTTP', () => {
  it('streams to the app’s own EventSource, resumes from Last-Event-ID, and ends its generator when the browser goes', {
    timeout: 20_000,
  }, async () => {
    const listenersBefore = inProcessListenerCount();
    const abort = new AbortController();
    const response = await GET(request({ articleId, lastEventId: '1' }, EVENT_SOURCE, 'live.article', abort.signal));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toContain('no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const next = events(response);
    expect(await nextData(next)).toEqual({ id: '1', message: { kind: 'presence', cursor: 1, people: [] } });

    const a = await annotate();
    const changes = await nextData(next);
    expect(changes).toMatchObject({ id: '2', message: { kind: 'changes', cursor: 2, changed: [{ id: a.id }] } });
    expect(inProcessListenerCount()).toBe(listenersBefore + 1);

    abort.abort();
    await expect(
      (async () => {
        while (await next());
      })(),
    ).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(inProcessListenerCount()).toBe(listenersBefore);

    // EventSource's own reconnect sends the last id as a header.
    await (await signedIn()).comment.create({ id: crypto.randomUUID(), annotationId: a.id, body: 'meanwhile' });
    const again = new AbortController();
    const resumed = await GET(request({ articleId }, { ...EVENT_SOURCE, 'last-event-id': '2' }, 'live.article', again.signal));
    try {
      expect(await nextData(events(resumed))).toMatchObject({ id: '3', message: { kind: 'changes', discussion: [a.id] } });
    } finally {
      again.abort();
    }
  });

  it('refuses another site’s page, and keeps the client-header rule for everything that is not a stream', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await GET(request({ articleId }, { ...EVENT_SOURCE, 'sec-fetch-site': site }));
      expect(response.status, site).toBe(403);
      expect((await response.json()).error.message).toBe(CROSS_SITE_REFUSAL);
    }
    expect((await GET(request({ articleId }, { ...EVENT_SOURCE, origin: 'https://evil.example' }))).status).toBe(403);
    // A query asked for as a stream, and a stream opened by a link: refused without the client header.
    expect((await GET(request({ articleId }, EVENT_SOURCE, 'annotation.cursor'))).status).toBe(403);
    expect((await GET(request({ articleId }, { ...EVENT_SOURCE, 'sec-fetch-mode': 'navigate' }))).status).toBe(403);
  });

  it('answers a stream without a session with an error event, and never streams the article', async () => {
    cookie = '';
    const response = await GET(request({ articleId }));
    const text = await response.text();
    expect(text).not.toContain('"kind"');
    expect(text).toMatch(/UNAUTHORIZED|Sign in/);
  });
});
