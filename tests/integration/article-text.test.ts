// The parsed text kept between writes: reused while the article's text is the
// same, replaced as soon as a revision changes it, so that anchors are always
// checked against the current words.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { articleText, CAPACITY, parseInSlices } from '@/server/services/article-text';
import { plainTextOf } from '@/server/domain/plain-text';
import { buildTextIndex } from '@/server/domain/text-position';
import { importArticle } from '@/server/import';
import { bigArticleMarkdown } from '../fixtures/big-article';
import { addRevision } from '@/server/services/revisions';
import { freshCaller, PEOPLE, refusal, sqlAll } from './helpers';
import { anchorOf, CLAIM, EVIDENCE, importRiver, RIVER_REVISED } from './river-desk';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const create = (articleId: number, anchor: { from: number; to: number; exact: string }) =>
  ctx.as('reviewer').annotation.create({ id: randomUUID(), articleId, anchor, verdict: 'false', rationale: 'r', evidence: EVIDENCE });

describe("an article's parsed text", () => {
  it('is parsed once per text, and again after a revision', async () => {
    const articleId = await importRiver(ctx);
    const first = await articleText(ctx.db, articleId);
    expect(await articleText(ctx.db, articleId)).toBe(first);
    await create(articleId, await anchorOf(ctx, articleId, CLAIM.fish));
    expect(await articleText(ctx.db, articleId)).toBe(first);

    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });
    const second = await articleText(ctx.db, articleId);
    expect(second).not.toBe(first);
    expect(second.revision).toBe(2);
    expect(second.doc.eq(articleDocFromJSON((await ctx.caller.article.byId({ id: articleId })).body))).toBe(true);
  });

  it('anchors a new annotation on the new text after a revision, and refuses positions read from the old one', async () => {
    const articleId = await importRiver(ctx);
    const old = await anchorOf(ctx, articleId, CLAIM.fish);
    await create(articleId, old);

    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });
    const stale = await refusal(create(articleId, old));
    expect(stale.code).toBe('BAD_REQUEST');
    expect(stale.cause).toBeInstanceOf(AppError);
    expect((stale.cause as AppError).reason).toBe('anchor_mismatch');

    const moved = await anchorOf(ctx, articleId, CLAIM.fish);
    expect(moved.from).not.toBe(old.from);
    const made = await create(articleId, moved);
    expect(made).toMatchObject({ from: moved.from, to: moved.to, exact: CLAIM.fish, anchorStatus: 'exact' });
    expect(made.prefix).toMatch(/ statement, the mayor said that $/);
    const [row] = (await sqlAll(ctx.db, 'select anchor_revision as revision from annotations where id = ?', made.id)) as {
      revision: number;
    }[];
    expect(row.revision).toBe(2);
  });

  it('follows a revision back to an earlier text', async () => {
    const articleId = await importRiver(ctx);
    const original = articleDocFromJSON((await ctx.caller.article.byId({ id: articleId })).body);
    const old = await anchorOf(ctx, articleId, CLAIM.fish);
    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });
    await refusal(create(articleId, old));

    await addRevision(ctx.db, PEOPLE.editor, articleId, { title: 'Mayor claims the river is clean', doc: original });
    expect(await create(articleId, old)).toMatchObject({ from: old.from, exact: CLAIM.fish });

    // Re-attaching checks against the current text as well.
    const other = await create(articleId, await anchorOf(ctx, articleId, CLAIM.survey));
    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });
    const current = (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === other.id)!;
    expect(
      await refusal(ctx.as('reviewer').annotation.reattach({ id: other.id, expectedVersion: current.version, anchor: old })),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    const reattached = await ctx
      .as('reviewer')
      .annotation.reattach({ id: other.id, expectedVersion: current.version, anchor: await anchorOf(ctx, articleId, CLAIM.residents) });
    expect(reattached.exact).toBe(CLAIM.residents);
  });

  it('keeps the most recently used texts, up to its capacity, and lets the least recently used go', async () => {
    const ids: number[] = [];
    for (let i = 0; i <= CAPACITY; i++) ids.push(await importRiver(ctx));
    const kept: Awaited<ReturnType<typeof articleText>>[] = [];
    for (const id of ids.slice(0, CAPACITY)) kept.push(await articleText(ctx.db, id));
    // Reading the first again makes it the most recently used: the second is now the least.
    expect(await articleText(ctx.db, ids[0])).toBe(kept[0]);
    await articleText(ctx.db, ids[CAPACITY]);
    expect(await articleText(ctx.db, ids[0])).toBe(kept[0]);
    for (let i = 2; i < CAPACITY; i++) expect(await articleText(ctx.db, ids[i]), `article ${i}`).toBe(kept[i]);
    const reparsed = await articleText(ctx.db, ids[1]);
    expect(reparsed).not.toBe(kept[1]);
    expect(reparsed.doc.eq(kept[1].doc)).toBe(true);
  });

  it('is not shared between databases whose article ids are the same', async () => {
    const articleId = await importRiver(ctx);
    const other = await freshCaller();
    try {
      const otherId = (await other.caller.article.import({ text: RIVER_REVISED })).id;
      expect(otherId).toBe(articleId);
      expect((await articleText(ctx.db, articleId)).doc.eq((await articleText(other.db, otherId)).doc)).toBe(false);
    } finally {
      other.cleanup();
    }
  });
});

describe('parsing a long text in slices', () => {
  const markdown = bigArticleMarkdown(400_000);
  const { doc: imported } = importArticle({ text: markdown, format: 'markdown' });
  const json = imported.toJSON();

  it('gives the document and the index that parsing it at once gives', async () => {
    const whole = articleDocFromJSON(json);
    const wholeIndex = buildTextIndex(whole);
    const { doc, index } = await parseInSlices(json, plainTextOf(whole), 0);
    expect(doc.eq(whole)).toBe(true);
    expect(index.text).toBe(wholeIndex.text);
    for (let pos = 0; pos <= whole.content.size; pos += 97) {
      expect(index.toOffset(pos, 'start')).toBe(wholeIndex.toOffset(pos, 'start'));
      expect(index.toOffset(pos, 'end')).toBe(wholeIndex.toOffset(pos, 'end'));
    }
    for (let offset = 0; offset <= index.text.length; offset += 89) {
      expect(index.toPos(offset, 'start')).toBe(wholeIndex.toPos(offset, 'start'));
      expect(index.toPos(offset, 'end')).toBe(wholeIndex.toPos(offset, 'end'));
    }
  });

  it('lets other work run between its slices', async () => {
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    await parseInSlices(json, undefined, 0);
    clearInterval(tick);
    expect(turns).toBeGreaterThan(10);
  });

  it('refuses what articleDocFromJSON refuses, with the same words', async () => {
    const bad = { ...json, content: [...(json.content ?? []), { type: 'paragraph', content: [{ type: 'title', content: [] }] }] };
    const expected = (() => {
      try {
        articleDocFromJSON(bad);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(expected).toMatch(/Invalid content/);
    await expect(parseInSlices(bad)).rejects.toThrow(expected);
    const noTitle = { ...json, content: (json.content ?? []).slice(1) };
    await expect(parseInSlices(noTitle)).rejects.toThrow(/Invalid content for node doc/);
  });
});
