// Input and failures a newsroom server must meet calmly: lone surrogates,
// unexpected exceptions (nothing internal reaches the browser), a full disk.
import { randomUUID } from 'node:crypto';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findQuote } from '@/server/domain/anchoring';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { OUT_OF_DISK } from '@/server/errors';
import { openProcedure, router } from '@/server/trpc';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';
import { contextFor, freshCaller, ON_PG, pgDiskFull, refusal } from './helpers';

const LONE = 'Text contains an invalid character (a lone surrogate)';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => {
  ctx.cleanup();
  vi.restoreAllMocks();
});

async function annotationInput(fields: Record<string, unknown> = {}) {
  const { id: articleId } = await ctx.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
  const doc = articleDocFromJSON((await ctx.caller.article.byId({ id: articleId })).body);
  const range = findQuote(doc, 'about 100 commercial banks')!;
  return {
    id: randomUUID(),
    articleId,
    anchor: { ...range, exact: 'about 100 commercial banks' },
    verdict: 'false',
    rationale: 'Fine.',
    evidence: [],
    ...fields,
  };
}

describe('lone surrogates', () => {
  it('are refused with a clear message in every kind of user text, and nothing is written', async () => {
    const input = await annotationInput();
    const bad = 'x\ud800y';
    for (const fields of [
      { rationale: bad },
      { claimSummary: bad },
      { claimAuthor: bad },
      { evidence: [{ url: 'https://example.org/', title: bad }] },
      { evidence: [{ url: 'https://example.org/', excerpt: '\udc00' }] },
    ]) {
      const error = await refusal(ctx.caller.annotation.create({ ...input, ...fields }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(LONE);
    }
    expect(await ctx.caller.annotation.list({ articleId: input.articleId })).toHaveLength(0);
    expect((await refusal(ctx.caller.article.import({ text: `Title\n\nBody ${bad}` }))).message).toContain(LONE);
    expect((await refusal(ctx.caller.article.import({ text: 'Body text', title: bad }))).message).toContain(LONE);
  });

  it('leave well-formed text (pairs included) alone, so an identical retry is the same save', async () => {
    const input = await annotationInput({ rationale: 'Emoji 😀 and accents é stay as sent.' });
    const first = await ctx.caller.annotation.create(input);
    const again = await ctx.caller.annotation.create(input);
    expect(again.id).toBe(first.id);
    const [saved] = await ctx.caller.annotation.list({ articleId: input.articleId });
    expect(saved.rationale).toBe('Emoji 😀 and accents é stay as sent.');
  });
});

describe('unexpected errors', () => {
  it('answer only the reference sentence and log the detail under that reference', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const testRouter = router({
      boom: openProcedure.query(() => {
        throw new Error('SQLITE secret detail at /srv/factcheck/db.sqlite');
      }),
    });
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://localhost:3000/api/trpc/boom'),
      router: testRouter,
      createContext: () => contextFor(ctx.db, null),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('/srv/');
    expect(text).not.toContain('stack');
    const body = JSON.parse(text);
    expect(body.error.message).toMatch(/^Something went wrong on the server \(reference [0-9a-f]{8}\)$/);
    const reference = body.error.message.match(/reference ([0-9a-f]{8})/)[1];
    expect(
      logged.mock.calls.some((call) => String(call[0]).includes(reference) && call.some((arg) => String(arg).includes('secret detail'))),
    ).toBe(true);
  });
});

describe('a full disk', () => {
  it('fails writes fast with a retryable error and the sentence, while reads keep working', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const input = await annotationInput();
    // No more pages may be added: SQLite answers SQLITE_FULL, as on a full disk.
    if (ON_PG) await pgDiskFull(ctx.db, ['articles', 'article_revisions', 'events']);
    else {
      const pages = ctx.db.$client.pragma('page_count', { simple: true }) as number;
      // On both writer connections: an import's transaction runs on the writer thread's (db/sqlite-thread.ts).
      await ctx.db.$connections.writerPragma(`max_page_count = ${pages}`);
    }
    const error = await refusal(ctx.caller.article.import({ text: `A long article\n\n${'Paragraph of text. '.repeat(20_000)}` }));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe(OUT_OF_DISK);
    expect((await ctx.caller.article.byId({ id: input.articleId })).title).toBeTruthy();
  });
});
