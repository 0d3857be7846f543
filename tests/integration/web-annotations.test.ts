import { randomUUID } from 'node:crypto';
import type { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { findQuote } from '@/server/domain/anchoring';
import { JSON_TOO_DEEP } from '@/server/domain/json-depth';
import { appRouter } from '@/server/routers/_app';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { exportWebAnnotations } from '@/server/services/web-annotations';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';
import { contextFor, freshCaller, PEOPLE, signOff } from './helpers';

const ARTICLE = CREDIT_ARTICLE_TEXT;
const ORIGIN = 'https://factcheck.example';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const CLAIMS = [
  { exact: 'Beijing forced him to hand over consumer data', verdict: 'misleading', approved: true, claimAuthor: 'U.S. media' },
  { exact: 'the Ant Group has made loans to 500 million people', verdict: 'mostly-true', approved: false, claimAuthor: null },
  {
    exact: '500 million people, with most of the lending funds coming from about 100 commercial banks',
    verdict: 'unverifiable',
    approved: true,
    claimAuthor: null,
  },
];

async function annotatedArticle() {
  const { id } = await ctx.caller.article.import({ text: ARTICLE });
  const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
  for (const [i, claim] of CLAIMS.entries()) {
    const created = await ctx.caller.annotation.create({
      id: randomUUID(),
      articleId: id,
      anchor: { ...findQuote(doc, claim.exact)!, exact: claim.exact },
      verdict: claim.verdict,
      rationale: `Rationale ${i} with emoji 🧐 and <b>markup</b>`,
      claimAuthor: claim.claimAuthor,
      evidence: [
        { url: `https://example.org/${i}/a`, title: `Evidence ${i}a`, excerpt: i === 0 ? 'A quoted line' : null },
        { url: `https://example.org/${i}/b`, title: `Evidence ${i}b` },
      ],
    });
    if (claim.approved) await signOff(ctx.as, created.id);
  }
  return id;
}

const comparable = (list: Awaited<ReturnType<typeof ctx.caller.annotation.list>>) =>
  list.map((a) => ({
    from: a.from,
    to: a.to,
    exact: a.exact,
    verdict: a.verdict,
    rationale: a.rationale,
    author: a.author,
    status: a.status,
    claimAuthor: a.claimAuthor,
    evidence: a.evidence,
  }));

describe('W3C Web Annotation round trip', () => {
  it('exports JSON-LD and imports it into a fresh copy with the same spans, verdicts, rationales and evidence', async () => {
    const original = await annotatedArticle();
    const collection = await exportWebAnnotations(ctx.db, original, ORIGIN);
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 3 });
    // Through JSON text, as a file would travel.
    const file = JSON.parse(JSON.stringify(collection));

    const { id: copy } = await ctx.caller.article.import({ text: ARTICLE });
    const result = await ctx.caller.annotation.importCollection({ articleId: copy, collection: file });
    expect(result).toMatchObject({ imported: 3, anchors: { exact: 3, moved: 0, fuzzy: 0, orphaned: 0 }, problems: [] });

    const before = comparable(await ctx.caller.annotation.list({ articleId: original }));
    const after = comparable(await ctx.caller.annotation.list({ articleId: copy }));
    // Approval elsewhere is not approval here: what was approved comes back in review, for this desk's editors to sign off.
    expect(before.map((a) => a.status)).toEqual(['approved', 'draft', 'approved']);
    expect(after.map((a) => a.status)).toEqual(['in_review', 'draft', 'in_review']);
    const withoutStatus = (list: typeof before) => list.map(({ status: _status, ...rest }) => rest);
    expect(withoutStatus(after)).toEqual(withoutStatus(before));
  });

  it('imports an unknown verdict as "Needs a verdict", naming it; maps a matching label', async () => {
    const original = await annotatedArticle();
    const file = JSON.parse(JSON.stringify(await exportWebAnnotations(ctx.db, original, ORIGIN)));
    const items = file.first.items as { body: { purpose: string; value?: string; 'factcheck:verdict'?: string }[] }[];
    const assessing = (i: number) => items[i].body.find((b) => b.purpose === 'assessing')!;

    delete assessing(0)['factcheck:verdict'];
    assessing(0).value = 'Pants on fire';
    const { id: copy } = await ctx.caller.article.import({ text: ARTICLE });
    const first = await ctx.caller.annotation.importCollection({ articleId: copy, collection: file });
    expect(first).toMatchObject({ imported: 3, withVerdict: 2, needsVerdict: 1 });
    expect(first.problems.join(' ')).toMatch(/"Pants on fire" .* is not on this desk's scale: it was imported as "Needs a verdict"/);
    const needing = (await ctx.caller.annotation.list({ articleId: copy })).filter((a) => a.needsVerdict);
    expect(needing).toMatchObject([{ verdict: '', status: 'draft' }]);

    assessing(0).value = '  MISLEADING ';
    const { id: other } = await ctx.caller.article.import({ text: ARTICLE });
    const result = await ctx.caller.annotation.importCollection({ articleId: other, collection: file });
    expect(result.imported).toBe(3);
    expect((await ctx.caller.annotation.list({ articleId: other })).map((a) => a.verdict)).toContain('misleading');
  });

  it('anchors Hypothesis-style annotations by quote, and keeps the ones it cannot place as orphans', async () => {
    const { id } = await ctx.caller.article.import({ text: ARTICLE });
    const hypothesis = {
      rows: [
        {
          user: 'acct:jane@hypothes.is',
          text: 'Unsourced.',
          tags: ['Unverifiable'],
          created: '2026-01-02T10:00:00Z',
          target: [
            {
              source: 'https://example.org/ant',
              selector: [
                {
                  type: 'TextQuoteSelector',
                  exact: 'Jack Ma cursed Xi Jinping in private',
                  prefix: 'insiders revealed that ',
                  suffix: ' and was snitched',
                },
              ],
            },
          ],
        },
        {
          user: 'acct:jane@hypothes.is',
          text: 'Not in this version.',
          tags: ['False'],
          target: [
            {
              source: 'https://example.org/ant',
              selector: [{ type: 'TextQuoteSelector', exact: 'a sentence that this article never contained at all' }],
            },
          ],
        },
      ],
    };
    const result = await ctx.caller.annotation.importCollection({ articleId: id, collection: hypothesis });
    expect(result.anchors).toMatchObject({ orphaned: 1 });
    const list = await ctx.caller.annotation.list({ articleId: id });
    expect(list).toHaveLength(2);
    // The importer is the author; the Hypothesis user and date are credited in the note.
    expect(list.find((a) => a.exact === 'Jack Ma cursed Xi Jinping in private')).toMatchObject({
      verdict: 'unverifiable',
      authorId: PEOPLE.admin.id,
      rationale: 'Unsourced.\n\nImported from Hypothesis: jane, 2026-01-02',
    });
    expect(list.find((a) => a.anchorStatus === 'orphaned')).toMatchObject({
      verdict: 'false',
      rationale: 'Not in this version.\n\nImported from Hypothesis: jane',
    });
    expect(result.unplaced).toEqual(['a sentence that this article never contained at all']);
  });

  it('refuses JSON nested too deeply with a clear sentence, before any recursive walk', async () => {
    const { id } = await ctx.caller.article.import({ text: ARTICLE });
    const nested = (depth: number) => {
      let v: unknown = 'Deep comment';
      for (let i = 0; i < depth; i++) v = [v];
      return v;
    };
    const annotationWith = (body: unknown) => ({
      type: 'Annotation',
      body,
      target: { selector: { type: 'TextQuoteSelector', exact: CLAIMS[0].exact } },
    });
    // 5,000 levels in about 10 KB: this answered 500 "Maximum call stack size exceeded".
    const deep = annotationWith(nested(5_000));
    const refusal = await ctx.caller.annotation.importCollection({ articleId: id, collection: deep }).then(
      () => null,
      (e: TRPCError) => e,
    );
    expect(refusal?.code).toBe('BAD_REQUEST');
    expect(refusal?.message).toContain(JSON_TOO_DEEP);

    // Over HTTP, as the browser sends it: JSON.parse copes, our code refuses with a 400.
    // Written by hand: JSON.stringify is recursive and overflows on this value.
    const annotationJson = JSON.stringify(annotationWith('BODY')).replace(
      '"BODY"',
      `${'['.repeat(5_000)}"Deep comment"${']'.repeat(5_000)}`,
    );
    const body = `{"articleId":${id},"collection":${annotationJson}}`;
    expect(body.length).toBeLessThan(12_000);
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://localhost:3000/api/trpc/annotation.importCollection', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
      router: appRouter,
      createContext: () => contextFor(ctx.db, PEOPLE.admin),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: JSON_TOO_DEEP } });

    // 64 levels are allowed: that file gets the ordinary answer (its nested body is left out, so it names no verdict).
    await expect(ctx.caller.annotation.importCollection({ articleId: id, collection: annotationWith(nested(63)) })).resolves.toMatchObject({
      imported: 1,
      needsVerdict: 1,
    });
    await expect(ctx.caller.annotation.importCollection({ articleId: id, collection: annotationWith(nested(64)) })).rejects.toThrow(
      JSON_TOO_DEEP,
    );
  });

  it('refuses a file with nothing to import', async () => {
    const { id } = await ctx.caller.article.import({ text: ARTICLE });
    await expect(ctx.caller.annotation.importCollection({ articleId: id, collection: { hello: 'world' } })).rejects.toThrow(
      /No annotations could be imported/,
    );
  });
});
