import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { findQuote } from '@/server/domain/anchoring';
import { annotations, evidence } from '@/db/schema';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';
import { addFailingTrigger, freshCaller } from './helpers';

const ARTICLE = CREDIT_ARTICLE_TEXT;

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

async function importAnt() {
  const { id } = await ctx.caller.article.import({ text: ARTICLE });
  const article = await ctx.caller.article.byId({ id });
  return { id, doc: articleDocFromJSON(article.body) };
}

async function anchorFor(exact: string) {
  const { id, doc } = await importAnt();
  const range = findQuote(doc, exact);
  if (!range) throw new Error(`not in article: ${exact}`);
  return { articleId: id, anchor: { ...range, exact }, doc };
}

function baseInput(articleId: number, anchor: { from: number; to: number; exact: string }) {
  return {
    id: randomUUID(),
    articleId,
    anchor,
    verdict: 'false',
    rationale: 'The source does not say this.',
    evidence: [{ url: 'https://example.org/source', title: 'Source' }],
  };
}

async function expectRefusal(promise: Promise<unknown>, code: TRPCError['code'], message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  expect((error as TRPCError).message).toMatch(message);
}

async function rowCounts() {
  return {
    annotations: (await ctx.db.select().from(annotations).all()).length,
    evidence: (await ctx.db.select().from(evidence).all()).length,
  };
}

describe('verdicts and seed', () => {
  it('lists the seeded scale in order', async () => {
    const verdicts = await ctx.caller.verdict.list();
    expect(verdicts.map((v) => v.key)).toEqual([
      'true',
      'mostly-true',
      'mixed',
      'mostly-false',
      'false',
      'misleading',
      'unverifiable',
      'not-a-claim',
    ]);
    expect(verdicts.map((v) => v.label)).toContain('Not a claim');
  });

  it('ships a sample article with annotations on exactly their text', async () => {
    const [sample] = await ctx.caller.article.list();
    expect(sample.title).toMatch(/Harbour Town/);
    const list = await ctx.caller.annotation.list({ articleId: sample.id });
    expect(sample.annotationCount).toBe(list.length);
    expect(list.length).toBeGreaterThan(0);
    const doc = articleDocFromJSON((await ctx.caller.article.byId({ id: sample.id })).body);
    for (const a of list) expect(doc.textBetween(a.from, a.to, '\n\n', '\n')).toBe(a.exact);
  });
});

describe('article procedures', () => {
  it('imports plain text with the first line as title and lists it with its count', async () => {
    const { id } = await importAnt();
    const article = await ctx.caller.article.byId({ id });
    expect(article.title).toBe(ARTICLE.split('\n')[0].trim());
    const listed = (await ctx.caller.article.list()).find((a) => a.id === id);
    expect(listed).toMatchObject({ id, annotationCount: 0 });
  });

  it('refuses empty text, unknown file types and text over 2 MB, writing nothing', async () => {
    const before = (await ctx.caller.article.list()).length;
    await expectRefusal(ctx.caller.article.import({ text: '   \n ' }), 'BAD_REQUEST', /empty/);
    await expectRefusal(ctx.caller.article.import({ text: 'hello', fileName: 'report.pdf' }), 'BAD_REQUEST', /Unsupported file type/);
    await expectRefusal(ctx.caller.article.import({ text: 'x'.repeat(2 * 1024 * 1024 + 1) }), 'BAD_REQUEST', /2 MB/);
    expect((await ctx.caller.article.list()).length).toBe(before);
  });

  it('answers NOT_FOUND for an unknown article', async () => {
    await expectRefusal(ctx.caller.article.byId({ id: 9999 }), 'NOT_FOUND', /Article 9999 does not exist/);
    await expectRefusal(ctx.caller.annotation.list({ articleId: 9999 }), 'NOT_FOUND', /Article 9999/);
  });
});

describe('annotation procedures', () => {
  it('creates, lists, updates, deletes and restores an annotation', async () => {
    const { articleId, anchor } = await anchorFor('about 100 commercial banks');
    const input = baseInput(articleId, anchor);
    const created = await ctx.as('reviewer').annotation.create(input);
    expect(created).toMatchObject({
      id: input.id,
      exact: anchor.exact,
      verdict: 'false',
      version: 1,
      author: 'Rita Reviewer',
      authorId: 'user-reviewer',
      updatedBy: null,
    });
    expect(created.prefix.length).toBeGreaterThan(0);
    expect(created.prefix.length).toBeLessThanOrEqual(32);
    expect(created.evidence).toEqual([{ url: 'https://example.org/source', title: 'Source', excerpt: null }]);

    // An editor changes it: the reviewer stays its author, the editor is recorded as the last to change it.
    const updated = await ctx.as('editor').annotation.update({
      id: input.id,
      expectedVersion: 1,
      verdict: 'unverifiable',
      rationale: 'No bank list was published.',
      evidence: [
        { url: 'https://example.org/a', title: 'A' },
        { url: 'http://example.org/b', title: 'B', excerpt: 'quoted' },
      ],
    });
    expect(updated).toMatchObject({
      version: 2,
      verdict: 'unverifiable',
      author: 'Rita Reviewer',
      authorId: 'user-reviewer',
      updatedBy: 'Ed Editor',
    });
    expect(updated.evidence.map((e) => e.title)).toEqual(['A', 'B']);

    expect(await ctx.caller.annotation.list({ articleId })).toHaveLength(1);
    await ctx.caller.annotation.delete({ id: input.id });
    expect(await ctx.caller.annotation.list({ articleId })).toHaveLength(0);
    const restored = await ctx.caller.annotation.restore({ id: input.id });
    expect(restored.evidence).toHaveLength(2);
    expect(restored).toMatchObject({ author: 'Rita Reviewer' });
    expect(await ctx.caller.annotation.list({ articleId })).toHaveLength(1);
  });

  it('treats a retried create as the same annotation', async () => {
    const { articleId, anchor } = await anchorFor('500 million people');
    const input = baseInput(articleId, anchor);
    await ctx.caller.annotation.create(input);
    await ctx.caller.annotation.create(input);
    expect(await ctx.caller.annotation.list({ articleId })).toHaveLength(1);
  });

  it('refuses an update based on an old version, unless it is the same change', async () => {
    const { articleId, anchor } = await anchorFor('500 million people');
    const input = baseInput(articleId, anchor);
    await ctx.caller.annotation.create(input);
    const change = { id: input.id, expectedVersion: 1, verdict: 'true', rationale: 'Ant says so.', evidence: [] };
    await ctx.caller.annotation.update(change);
    await ctx.caller.annotation.update(change); // retried after a lost answer
    await expectRefusal(
      ctx.caller.annotation.update({ ...change, rationale: 'Someone else’s older edit' }),
      'CONFLICT',
      /changed by Ana Reviewer/,
    );
    const byEd = await ctx.as('editor').annotation.update({ ...change, expectedVersion: 2, rationale: 'Ed’s take' });
    expect(byEd).toMatchObject({ author: 'Ana Reviewer', updatedBy: 'Ed Editor', version: 3 });
    await expectRefusal(
      ctx.caller.annotation.update({ ...change, expectedVersion: 2, rationale: 'late' }),
      'CONFLICT',
      /changed by Ed Editor/,
    );
  });

  it('refuses anchors that do not match the article, and writes nothing', async () => {
    const { articleId, anchor, doc } = await anchorFor('about 100 commercial banks');
    await expectRefusal(
      ctx.caller.annotation.create(baseInput(articleId, { ...anchor, exact: 'about 200 commercial banks' })),
      'BAD_REQUEST',
      /does not match the article/,
    );
    await expectRefusal(
      ctx.caller.annotation.create(baseInput(articleId, { from: doc.content.size - 2, to: doc.content.size + 40, exact: 'x' })),
      'BAD_REQUEST',
      /outside the article/,
    );
    await expectRefusal(
      ctx.caller.annotation.create(baseInput(articleId, { from: 0, to: 4, exact: 'Chin' })),
      'BAD_REQUEST',
      /inside the article/,
    );
    expect(await rowCounts()).toEqual({ annotations: 3, evidence: 3 }); // only the sample article's
  });

  it('refuses unknown verdicts, bad URLs, long rationales and too much evidence, writing nothing', async () => {
    const { articleId, anchor } = await anchorFor('about 100 commercial banks');
    const before = await rowCounts();
    await expectRefusal(
      ctx.caller.annotation.create({ ...baseInput(articleId, anchor), verdict: 'pants-on-fire' }),
      'BAD_REQUEST',
      /Unknown verdict "pants-on-fire"/,
    );
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.org/x', 'not a url']) {
      await expectRefusal(
        ctx.caller.annotation.create({ ...baseInput(articleId, anchor), evidence: [{ url, title: 'x' }] }),
        'BAD_REQUEST',
        /Evidence URL must be an http/,
      );
    }
    await expectRefusal(
      ctx.caller.annotation.create({ ...baseInput(articleId, anchor), rationale: 'x'.repeat(20_001) }),
      'BAD_REQUEST',
      /Rationale is longer than 20,000 characters/,
    );
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ url: `https://example.org/${i}`, title: `E${i}` }));
    await expectRefusal(
      ctx.caller.annotation.create({ ...baseInput(articleId, anchor), evidence: tooMany }),
      'BAD_REQUEST',
      /at most 50 evidence links/,
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts exactly 50 evidence items and a 20,000-character rationale', async () => {
    const { articleId, anchor } = await anchorFor('about 100 commercial banks');
    const fifty = Array.from({ length: 50 }, (_, i) => ({ url: `https://example.org/${i}`, title: `E${i}` }));
    const created = await ctx.caller.annotation.create({ ...baseInput(articleId, anchor), rationale: 'y'.repeat(20_000), evidence: fifty });
    expect(created.evidence).toHaveLength(50);
  });

  it('rolls back the annotation when its evidence cannot be written', async () => {
    const { articleId, anchor } = await anchorFor('about 100 commercial banks');
    const before = await rowCounts();
    // A trigger makes the evidence insert fail half-way through the transaction.
    await addFailingTrigger(ctx.db, {
      name: 'fail_evidence',
      table: 'evidence',
      timing: 'BEFORE INSERT',
      when: "NEW.title = 'boom'",
      message: 'evidence write failed',
    });
    const input = {
      ...baseInput(articleId, anchor),
      evidence: [
        { url: 'https://example.org/ok', title: 'ok' },
        { url: 'https://example.org/b', title: 'boom' },
      ],
    };
    await expect(ctx.caller.annotation.create(input)).rejects.toThrow(/evidence write failed/);
    expect(await rowCounts()).toEqual(before);

    const good = await ctx.caller.annotation.create(baseInput(articleId, anchor));
    await expect(
      ctx.caller.annotation.update({
        id: good.id,
        expectedVersion: 1,
        verdict: 'true',
        rationale: 'changed',
        evidence: [{ url: 'https://example.org/b', title: 'boom' }],
      }),
    ).rejects.toThrow(/evidence write failed/);
    const after = (await ctx.caller.annotation.list({ articleId }))[0];
    expect(after).toMatchObject({ version: 1, verdict: 'false', rationale: 'The source does not say this.' });
    expect(after.evidence).toHaveLength(1);
  });

  it('answers NOT_FOUND for unknown annotation and article ids', async () => {
    const { anchor } = await anchorFor('about 100 commercial banks');
    const missing = randomUUID();
    await expectRefusal(ctx.caller.annotation.create(baseInput(424242, anchor)), 'NOT_FOUND', /Article 424242/);
    await expectRefusal(
      ctx.caller.annotation.update({ id: missing, expectedVersion: 1, verdict: 'true', rationale: '', evidence: [] }),
      'NOT_FOUND',
      /does not exist/,
    );
    await expectRefusal(ctx.caller.annotation.delete({ id: missing }), 'NOT_FOUND', /does not exist/);
    await expectRefusal(ctx.caller.annotation.restore({ id: missing }), 'NOT_FOUND', /does not exist/);
    await expectRefusal(ctx.caller.annotation.delete({ id: 'not-a-uuid' }), 'BAD_REQUEST', /UUID/);
  });
});
