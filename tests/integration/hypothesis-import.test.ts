// Hypothesis files imported for real: the JSON-LD collection h serves and the
// client's JSON export, with positions counted over a web page's navigation,
// notes without verdicts, tags, and one quote the article does not have.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '@/server/errors';
import { MAX_IMPORT_ANNOTATIONS } from '@/server/domain/web-annotation';
import { exportWebAnnotations } from '@/server/services/web-annotations';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';
import { HYPOTHESIS_ITEMS, hypothesisClientExport, hypothesisJsonLd, manyHypothesisItems } from '../fixtures/hypothesis';
import { freshCaller, PEOPLE, refusal } from './helpers';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe.each([
  ['the JSON-LD collection', hypothesisJsonLd],
  ['the client export', hypothesisClientExport],
])('Hypothesis: %s', (_name, file) => {
  it('imports every item on its quote, with notes, tags and credit; those without a verdict need one', async () => {
    const { id } = await ctx.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
    const result = await ctx.caller.annotation.importCollection({ articleId: id, collection: throughJson(file()) });
    expect(result).toMatchObject({ imported: 6, withVerdict: 4, needsVerdict: 2 });
    expect(result.anchors.exact + result.anchors.moved).toBe(4);
    expect(result.anchors.fuzzy).toBe(1);
    expect(result.unplaced).toEqual(['regulators fined the company 18 billion yuan last spring']);

    const list = await ctx.caller.annotation.list({ articleId: id });
    const on = (exact: string) => list.find((a) => a.exact === exact)!;
    expect(on('The Wall Street Journal reported on Jan. 6')).toMatchObject({ verdict: 'true', tags: ['ant-group'], needsVerdict: false });
    expect(on('the Ant Group has made loans to 500 million people')).toMatchObject({
      verdict: 'mostly-true',
      tags: ['Mostly-True', 'numbers'],
    });
    const banks = on('about 100 commercial banks');
    expect(banks).toMatchObject({ verdict: '', needsVerdict: true, status: 'draft', tags: ['banks', 'to-do'], authorId: PEOPLE.admin.id });
    // The Markdown note is kept as written (the app shows rationales as text, so its HTML stays inert), with the credit.
    expect(banks.rationale).toBe(
      `${HYPOTHESIS_ITEMS[2].note}\n\nImported from Hypothesis: ${file === hypothesisJsonLd ? 'devi' : 'Devi Ramos'}, 2021-01-09`,
    );
    expect(on('Beijing forced him to hand over consumer data')).toMatchObject({ verdict: 'misleading', anchorStatus: 'fuzzy' });

    // The history says who imported what.
    const trail = await ctx.caller.annotation.history({ id: banks.id });
    expect(JSON.stringify(trail)).toContain('annotation.imported');
  });
});

describe('Needs a verdict', () => {
  it('cannot be submitted until a verdict is chosen, with a reason', async () => {
    const { id } = await ctx.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
    await ctx.caller.annotation.importCollection({ articleId: id, collection: throughJson(hypothesisJsonLd()) });
    const needing = (await ctx.caller.annotation.list({ articleId: id })).find((a) => a.needsVerdict)!;
    const refused = await refusal(ctx.caller.annotation.submit({ id: needing.id }));
    expect(refused.message).toMatch(/needs a verdict/);
    expect((refused.cause as AppError).reason).toBe('needs_verdict');

    const chosen = await ctx.caller.annotation.update({
      id: needing.id,
      expectedVersion: needing.version,
      verdict: 'unverifiable',
      rationale: needing.rationale,
      evidence: [],
      claimSummary: '',
      claimAuthor: null,
      claimAppearanceUrl: null,
      claimAppearanceDate: null,
    });
    expect(chosen).toMatchObject({ verdict: 'unverifiable', needsVerdict: false });
    await expect(ctx.caller.annotation.submit({ id: needing.id })).resolves.toMatchObject({ status: 'in_review' });
  });
});

type Listed = Awaited<ReturnType<typeof ctx.caller.annotation.list>>;
const selectorsOf = (collection: unknown) =>
  (collection as { first: { items: { target: { selector: unknown } }[] } }).first.items.map((item) => item.target.selector);

describe('round trip with 50 annotations', () => {
  it('Hypothesis export → ours → a fresh article: the same quotes, positions, verdicts, tags, notes and evidence', async () => {
    const items = manyHypothesisItems(50);
    expect(items).toHaveLength(50);
    const { id } = await ctx.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
    const first = await ctx.caller.annotation.importCollection({ articleId: id, collection: throughJson(hypothesisClientExport(items)) });
    // A fifth each: a verdict tag, a verdict and another tag, none, one named in the note, none.
    expect(first).toMatchObject({ imported: 50, withVerdict: 30, needsVerdict: 20, anchors: { exact: 50 }, unplaced: [] });

    // Evidence, which Hypothesis has no field for, added here to a fifth of them before the export.
    const list = await ctx.caller.annotation.list({ articleId: id });
    for (const [i, a] of list.filter((x) => x.verdict === 'true').entries()) {
      await ctx.caller.annotation.update({
        id: a.id,
        expectedVersion: a.version,
        verdict: a.verdict,
        rationale: a.rationale,
        evidence: [
          { url: `https://records.example/${i}`, title: `Filing ${i}`, excerpt: i % 2 ? null : `The line quoted from filing ${i}.` },
          { url: `https://archive.example/${i}`, title: `Archive copy ${i}` },
        ],
        claimSummary: '',
        claimAuthor: null,
        claimAppearanceUrl: null,
        claimAppearanceDate: null,
      });
    }

    const exported = throughJson(await exportWebAnnotations(ctx.db, id, 'https://factcheck.example'));
    const { id: fresh } = await ctx.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
    const second = await ctx.caller.annotation.importCollection({ articleId: fresh, collection: exported });
    expect(second).toMatchObject({ imported: 50, withVerdict: 30, needsVerdict: 20, anchors: { exact: 50 }, problems: [] });

    const shape = (all: Listed) =>
      all.map((a) => ({
        from: a.from,
        to: a.to,
        exact: a.exact,
        prefix: a.prefix,
        suffix: a.suffix,
        verdict: a.verdict,
        needsVerdict: a.needsVerdict,
        tags: a.tags,
        rationale: a.rationale,
        evidence: a.evidence,
        status: a.status,
      }));
    const before = shape(await ctx.caller.annotation.list({ articleId: id }));
    const after = shape(await ctx.caller.annotation.list({ articleId: fresh }));
    expect(after).toEqual(before);
    expect(after.filter((a) => a.evidence.length === 2)).toHaveLength(10);
    // The W3C positions (code points over the plain text) and quotes another tool would read are the same too.
    expect(selectorsOf(throughJson(await exportWebAnnotations(ctx.db, fresh, 'https://factcheck.example')))).toEqual(selectorsOf(exported));
    // And each Hypothesis note is on its own quote, with its tags, its note as written and its credit.
    for (const item of items) {
      const landed = after.find((a) => a.exact === item.exact);
      expect(landed, item.exact).toBeDefined();
      expect(landed!.tags).toEqual(item.tags);
      const credit = `Imported from Hypothesis: ${item.displayName}, ${item.created.slice(0, 10)}`;
      expect(landed!.rationale).toBe(item.note ? `${item.note}\n\n${credit}` : credit);
    }
  });
});

describe('hostile Hypothesis files', () => {
  it('refuses 100,000 items with a sentence and writes nothing', async () => {
    const { id } = await ctx.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
    const item = { target: [{ selector: [{ type: 'TextQuoteSelector', exact: 'about 100 commercial banks' }] }] };
    const file = { export_date: '2021-01-12', client_version: '1', annotations: Array.from({ length: 100_000 }, () => item) };
    const refused = await refusal(ctx.caller.annotation.importCollection({ articleId: id, collection: file }));
    expect(refused.message).toContain(
      `holds 100,000 annotations; at most ${MAX_IMPORT_ANNOTATIONS.toLocaleString('en-US')} can be imported at once`,
    );
    expect(await ctx.caller.annotation.list({ articleId: id })).toHaveLength(0);
  });

  it('says so when the file is not annotations, and one bad item does not reject the rest', async () => {
    const { id } = await ctx.caller.article.import({ text: CREDIT_ARTICLE_TEXT });
    const notAnnotations = await refusal(
      ctx.caller.annotation.importCollection({ articleId: id, collection: { name: 'package', version: '1.0.0' } }),
    );
    expect(notAnnotations.message).toMatch(/The file holds no annotations/);
    const file = hypothesisClientExport() as { annotations: unknown[] };
    file.annotations.push('not an annotation', { target: [{ selector: [{ type: 'TextQuoteSelector', exact: '   ' }] }] });
    const result = await ctx.caller.annotation.importCollection({ articleId: id, collection: throughJson(file) });
    expect(result.imported).toBe(6);
    expect(result.problems.join(' ')).toMatch(/Annotation 7 was not imported: it is not a JSON object/);
  });
});
