import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { findQuote } from '@/server/domain/anchoring';
import { exportWebAnnotations } from '@/server/services/web-annotations';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';
import { freshCaller, signOff } from './helpers';

const ARTICLE = CREDIT_ARTICLE_TEXT;
const ORIGIN = 'https://factcheck.example';

let ctx: ReturnType<typeof freshCaller>;
beforeEach(() => {
  ctx = freshCaller();
});
afterEach(() => ctx.cleanup());

const CLAIMS = [
  { exact: 'Beijing forced him to hand over consumer data', verdict: 'misleading', approved: true, claimAuthor: 'U.S. media' },
  { exact: 'the Ant Group has made loans to 500 million people', verdict: 'mostly-true', approved: false, claimAuthor: null },
  { exact: '500 million people, with most of the lending funds coming from about 100 commercial banks', verdict: 'unverifiable', approved: true, claimAuthor: null },
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
    const collection = exportWebAnnotations(ctx.db, original, ORIGIN);
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

  it('refuses unknown verdicts by name and writes nothing; maps a matching label', async () => {
    const original = await annotatedArticle();
    const file = JSON.parse(JSON.stringify(exportWebAnnotations(ctx.db, original, ORIGIN)));
    const items = file.first.items as { body: { purpose: string; value?: string; 'factcheck:verdict'?: string }[] }[];
    const assessing = (i: number) => items[i].body.find((b) => b.purpose === 'assessing')!;

    delete assessing(0)['factcheck:verdict'];
    assessing(0).value = 'Pants on fire';
    const { id: copy } = await ctx.caller.article.import({ text: ARTICLE });
    await expect(ctx.caller.annotation.importCollection({ articleId: copy, collection: file })).rejects.toThrow(/Unknown verdict .*Pants on fire/);
    expect(await ctx.caller.annotation.list({ articleId: copy })).toHaveLength(0);

    assessing(0).value = '  MISLEADING ';
    const result = await ctx.caller.annotation.importCollection({ articleId: copy, collection: file });
    expect(result.imported).toBe(3);
    expect((await ctx.caller.annotation.list({ articleId: copy })).map((a) => a.verdict)).toContain('misleading');
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
          target: [{ source: 'https://example.org/ant', selector: [{ type: 'TextQuoteSelector', exact: 'Jack Ma cursed Xi Jinping in private', prefix: 'insiders revealed that ', suffix: ' and was snitched' }] }],
        },
        {
          user: 'acct:jane@hypothes.is',
          text: 'Not in this version.',
          tags: ['False'],
          target: [{ source: 'https://example.org/ant', selector: [{ type: 'TextQuoteSelector', exact: 'a sentence that this article never contained at all' }] }],
        },
      ],
    };
    const result = await ctx.caller.annotation.importCollection({ articleId: id, collection: hypothesis });
    expect(result.anchors).toMatchObject({ orphaned: 1 });
    const list = await ctx.caller.annotation.list({ articleId: id });
    expect(list).toHaveLength(2);
    expect(list.find((a) => a.exact === 'Jack Ma cursed Xi Jinping in private')).toMatchObject({ verdict: 'unverifiable', author: 'jane', rationale: 'Unsourced.' });
    expect(list.find((a) => a.anchorStatus === 'orphaned')).toMatchObject({ verdict: 'false', rationale: 'Not in this version.' });
  });

  it('refuses a file with nothing to import', async () => {
    const { id } = await ctx.caller.article.import({ text: ARTICLE });
    await expect(ctx.caller.annotation.importCollection({ articleId: id, collection: { hello: 'world' } })).rejects.toThrow(/No annotations could be imported/);
  });
});
