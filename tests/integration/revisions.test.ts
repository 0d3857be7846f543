import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { findQuote } from '@/server/domain/anchoring';
import { fromText } from '@/server/services/article-sources';
import { addRevision } from '@/server/services/revisions';
import { freshCaller, PEOPLE } from './helpers';

const ORIGINAL = [
  'Mayor claims the river is clean',
  'The mayor said that fish have returned to every stretch of the river this year.',
  'Water samples taken in June showed nitrate levels below the national limit at all twelve stations.',
  'Officials also claimed that the new treatment plant cost less than forty million euros to build.',
  'Residents remain sceptical about swimming in it.',
].join('\n\n');

// Claim 1 moves to the end, claim 2 is reworded slightly, claim 3 is deleted.
const REVISED = [
  'Mayor claims the river is clean',
  'Water samples taken in June showed nitrate levels below the national limit at eleven of twelve stations.',
  'Residents remain sceptical about swimming in it.',
  'In a later statement, the mayor said that fish have returned to every stretch of the river this year.',
].join('\n\n');

const CLAIMS = {
  moved: 'fish have returned to every stretch of the river',
  reworded: 'nitrate levels below the national limit at all twelve stations',
  deleted: 'the new treatment plant cost less than forty million euros',
};

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

async function setUp() {
  const { id } = await ctx.caller.article.import({ text: ORIGINAL });
  const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
  const ids: Record<keyof typeof CLAIMS, string> = { moved: randomUUID(), reworded: randomUUID(), deleted: randomUUID() };
  for (const [name, exact] of Object.entries(CLAIMS) as [keyof typeof CLAIMS, string][]) {
    await ctx.caller.annotation.create({
      id: ids[name],
      articleId: id,
      anchor: { ...findQuote(doc, exact)!, exact },
      verdict: 'false',
      rationale: `Rationale for ${name}`,
      evidence: [{ url: `https://example.org/${name}`, title: name }],
    });
  }
  return { id, ids };
}

describe('article revisions', () => {
  it('re-anchors each annotation and never loses one', async () => {
    const { id, ids } = await setUp();
    const result = await ctx.caller.article.update({ articleId: id, text: REVISED });
    expect(result.number).toBe(2);
    expect(result.anchors).toEqual({ exact: 0, moved: 1, fuzzy: 1, orphaned: 1 });

    const list = await ctx.caller.annotation.list({ articleId: id });
    expect(list).toHaveLength(3);
    const byId = new Map(list.map((a) => [a.id, a]));
    const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
    const text = (a: { from: number; to: number }) => doc.textBetween(a.from, a.to, '\n\n', '\n');

    expect(byId.get(ids.moved)).toMatchObject({ anchorStatus: 'moved', exact: CLAIMS.moved });
    expect(text(byId.get(ids.moved)!)).toBe(CLAIMS.moved);

    const fuzzy = byId.get(ids.reworded)!;
    expect(fuzzy.anchorStatus).toBe('fuzzy');
    expect(fuzzy.anchorScore).toBeGreaterThan(0.7);
    expect(text(fuzzy)).toBe(fuzzy.exact);
    expect(fuzzy.exact).toMatch(/nitrate levels below the national limit at/);

    const orphan = byId.get(ids.deleted)!;
    expect(orphan).toMatchObject({ anchorStatus: 'orphaned', exact: CLAIMS.deleted, rationale: 'Rationale for deleted' });
    expect(orphan.evidence).toHaveLength(1);

    expect((await ctx.caller.article.revisions({ id })).map((r) => r.number)).toEqual([2, 1]);
  });

  it('re-attaches an orphan to new text and confirms a fuzzy anchor', async () => {
    const { id, ids } = await setUp();
    await ctx.caller.article.update({ articleId: id, text: REVISED });
    const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
    const orphan = (await ctx.caller.annotation.list({ articleId: id })).find((a) => a.id === ids.deleted)!;
    const target = 'Residents remain sceptical';
    const reattached = await ctx.caller.annotation.reattach({
      id: orphan.id,
      expectedVersion: orphan.version,
      anchor: { ...findQuote(doc, target)!, exact: target },
    });
    expect(reattached).toMatchObject({ anchorStatus: 'exact', exact: target, rationale: 'Rationale for deleted' });
    await expect(
      ctx.caller.annotation.reattach({
        id: orphan.id,
        expectedVersion: orphan.version,
        anchor: { ...findQuote(doc, target)!, exact: target },
      }),
    ).rejects.toThrow(/changed by someone else/);
    await expect(
      ctx.caller.annotation.reattach({ id: orphan.id, expectedVersion: reattached.version, anchor: { from: 1, to: 5, exact: 'nope' } }),
    ).rejects.toThrow(/does not match/);

    const confirmed = await ctx.caller.annotation.confirmAnchor({ id: ids.reworded });
    expect(confirmed).toMatchObject({ anchorStatus: 'exact', anchorScore: null });
  });

  it('refuses an empty revision and leaves the article and anchors alone', async () => {
    const { id } = await setUp();
    const before = await ctx.caller.annotation.list({ articleId: id });
    const error = await ctx.caller.article.update({ articleId: id, text: '  ' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(await ctx.caller.annotation.list({ articleId: id })).toEqual(before);
    expect((await ctx.caller.article.revisions({ id })).map((r) => r.number)).toEqual([1]);
  });

  it('orphans what the re-anchoring budget does not reach, keeping everything, and finds it again later', async () => {
    const { id, ids } = await setUp();
    const before = new Map((await ctx.caller.annotation.list({ articleId: id })).map((a) => [a.id, a]));
    // No time at all: only the cheap steps run (the moved claim is still found verbatim; the reworded one needs the approximate search).
    const result = await addRevision(ctx.db, PEOPLE.admin, id, await fromText({ text: REVISED }), { reanchor: { totalMs: 0 } });
    expect(result.anchors).toEqual({ exact: 0, moved: 1, fuzzy: 0, orphaned: 2 });

    const after = new Map((await ctx.caller.annotation.list({ articleId: id })).map((a) => [a.id, a]));
    expect(after.size).toBe(3);
    for (const name of ['reworded', 'deleted'] as const) {
      const was = before.get(ids[name])!;
      const orphan = after.get(ids[name])!;
      expect(orphan).toMatchObject({
        anchorStatus: 'orphaned',
        exact: CLAIMS[name],
        prefix: was.prefix,
        suffix: was.suffix,
        verdict: 'false',
        rationale: `Rationale for ${name}`,
        evidence: was.evidence,
        author: was.author,
      });
    }

    // The next revision, within the default budget, finds the reworded claim again from its kept quote.
    const next = await ctx.caller.article.update({ articleId: id, text: `${REVISED}\n\nA new closing line.` });
    expect(next.anchors).toMatchObject({ fuzzy: 1, orphaned: 1 });
    expect((await ctx.caller.annotation.list({ articleId: id })).find((a) => a.id === ids.reworded)).toMatchObject({
      anchorStatus: 'fuzzy',
    });
  });

  it('answers NOT_FOUND for a revision of an unknown article', async () => {
    await expect(ctx.caller.article.update({ articleId: 4242, text: REVISED })).rejects.toThrow(/Article 4242 does not exist/);
  });
});

describe('import from a URL', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/article') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><head><title>River report | Daily</title>
          <meta property="article:published_time" content="2026-06-02T08:00:00Z"><meta name="author" content="Ana Writer">
          <link rel="canonical" href="https://daily.example/river"></head>
          <body><nav>Home | News</nav><article><h1>River report</h1>
          ${ORIGINAL.split('\n\n')
            .slice(1)
            .map((p) => `<p>${p} ${'More context about the river and its fish. '.repeat(3)}</p>`)
            .join('')}
          <script>alert(1)</script></article></body></html>`);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('nope');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a local address unless the allowlist names it', async () => {
    delete process.env.FACTCHECK_FETCH_ALLOW;
    await expect(ctx.caller.article.importUrl({ url: `${base}/article` })).rejects.toThrow(/private or local/);
    expect((await ctx.caller.article.list()).length).toBe(1); // only the sample
  });

  it('imports the page with its metadata when allowed', async () => {
    process.env.FACTCHECK_FETCH_ALLOW = '127.0.0.1';
    try {
      const { id } = await ctx.caller.article.importUrl({ url: `${base}/article` });
      const article = await ctx.caller.article.byId({ id });
      expect(article).toMatchObject({ sourceUrl: 'https://daily.example/river', byline: 'Ana Writer' });
      expect(article.publishedAt).toMatch(/^2026-06-02/);
      expect(JSON.stringify(article.body)).toContain('fish have returned');
      expect(JSON.stringify(article.body)).not.toContain('alert(1)');
      await expect(ctx.caller.article.importUrl({ url: `${base}/missing` })).rejects.toThrow(/404/);
      await expect(ctx.caller.article.importUrl({ url: 'file:///etc/passwd' })).rejects.toThrow(/http:\/\/ or https:\/\//);
    } finally {
      delete process.env.FACTCHECK_FETCH_ALLOW;
    }
  });
});
