// The long-article editor's reads: the compact index, details for what is on
// screen, and changes after a cursor. A client that starts from the index and
// applies every change must hold exactly what annotation.list says, after
// every kind of write.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import { decodeIndex, summaryOf } from '@/server/domain/annotation-index';
import { MAX_DETAIL_IDS } from '@/server/domain/annotation.types';
import { addRevision } from '@/server/services/revisions';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { freshCaller, PEOPLE, refusal, sqlGet } from './helpers';
import { anchorOf, annotate, CLAIM, EVIDENCE, importRiver, RIVER, RIVER_REVISED, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const edit = (a: { id: string; version: number }, rationale: string) => ({
  id: a.id,
  expectedVersion: a.version,
  verdict: 'false',
  rationale,
  evidence: EVIDENCE,
});

/** What the editor keeps: full versions by id and the cursor they are as of. */
class Mirror {
  views = new Map<string, AnnotationView>();
  cursor = 0;
  constructor(readonly articleId: number) {}

  async load() {
    const index = await ctx.as('viewer').annotation.index({ articleId: this.articleId });
    this.cursor = index.cursor;
    const ids = decodeIndex(index).map((s) => s.id);
    this.views.clear();
    if (ids.length) for (const v of await ctx.as('viewer').annotation.details({ articleId: this.articleId, ids })) this.views.set(v.id, v);
    return this;
  }

  /** Applies the changes since the cursor and checks the result against the full list. */
  async sync() {
    const changes = await ctx.as('viewer').annotation.changes({ articleId: this.articleId, since: this.cursor });
    expect(changes.cursor).toBeGreaterThan(this.cursor);
    for (const v of changes.changed) this.views.set(v.id, v);
    for (const id of changes.removed) this.views.delete(id);
    this.cursor = changes.cursor;
    expect([...this.views.values()].sort((a, b) => a.from - b.from || b.to - a.to || a.id.localeCompare(b.id))).toEqual(
      await ctx.caller.annotation.list({ articleId: this.articleId }),
    );
    // Caught up: asking again gives nothing, at the same cursor.
    expect(await ctx.as('viewer').annotation.changes({ articleId: this.articleId, since: this.cursor })).toMatchObject({
      cursor: this.cursor,
      changed: [],
      removed: [],
    });
    return { changed: changes.changed.map((v) => v.id), removed: changes.removed };
  }
}

describe('the annotation index', () => {
  it('holds every live annotation in document order, as summaries of the full versions', async () => {
    const articleId = await importRiver(ctx);
    const made = [];
    for (const claim of [CLAIM.survey, CLAIM.fish, CLAIM.nitrate]) made.push(await annotate(ctx, 'reviewer', articleId, claim));
    await ctx.as('reviewer').annotation.delete({ id: made[2].id });

    const index = await ctx.as('viewer').annotation.index({ articleId });
    const list = await ctx.caller.annotation.list({ articleId });
    expect(decodeIndex(index)).toEqual(list.map(summaryOf));
    expect(decodeIndex(index).map((s) => s.id)).toEqual([made[1].id, made[0].id]);
    const latest = (await sqlGet(ctx.db, 'select max(seq) as n from events where article_id = ?', articleId)) as { n: number };
    expect(index.cursor).toBe(latest.n);
  });

  it('answers NOT_FOUND for a deleted article', async () => {
    const articleId = await importRiver(ctx);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('editor').article.delete({ id: articleId });
    expect(await refusal(ctx.as('viewer').annotation.index({ articleId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(ctx.as('viewer').annotation.changes({ articleId, since: 0 }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(ctx.as('viewer').annotation.details({ articleId, ids: [randomUUID()] }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('annotation details', () => {
  it('gives the live annotations of that article among the ids asked for, and leaves out the rest', async () => {
    const articleId = await importRiver(ctx);
    const other = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const gone = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    const elsewhere = await annotate(ctx, 'reviewer', other, CLAIM.fish);
    await ctx.as('reviewer').annotation.delete({ id: gone.id });

    const details = await ctx.as('viewer').annotation.details({ articleId, ids: [a.id, gone.id, elsewhere.id, randomUUID(), a.id] });
    expect(details).toEqual([await ctx.caller.annotation.list({ articleId }).then((l) => l.find((v) => v.id === a.id))]);
  });

  it('refuses an empty list, too many ids and ids that are not UUIDs', async () => {
    const articleId = await importRiver(ctx);
    const viewer = ctx.as('viewer');
    expect(await refusal(viewer.annotation.details({ articleId, ids: [] }))).toMatchObject({ code: 'BAD_REQUEST' });
    const many = Array.from({ length: MAX_DETAIL_IDS + 1 }, () => randomUUID());
    expect(await refusal(viewer.annotation.details({ articleId, ids: many }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: /at most 200/,
    });
    expect(await refusal(viewer.annotation.details({ articleId, ids: ['1 OR 1=1'] }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: /UUID/,
    });
  });
});

describe('changes after a cursor', () => {
  it('reports every kind of write to an annotation, and nothing when nothing moved', async () => {
    const articleId = await importRiver(ctx);
    const mirror = await new Mirror(articleId).load();
    const idle = await ctx.as('viewer').annotation.changes({ articleId, since: mirror.cursor });
    expect(idle).toMatchObject({ cursor: mirror.cursor, changed: [], removed: [] });

    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    expect(await mirror.sync()).toEqual({ changed: [a.id], removed: [] });

    const a2 = await ctx.as('reviewer').annotation.update(edit(a, 'A second reason.'));
    expect(await mirror.sync()).toEqual({ changed: [a.id], removed: [] });

    await ctx.as('reviewer').annotation.submit({ id: a.id });
    expect((await mirror.sync()).changed).toEqual([a.id]);
    await ctx.as('editor').annotation.approve({ id: a.id });
    expect((await mirror.sync()).changed).toEqual([a.id]);
    await ctx.as('editor').annotation.requestChanges({ id: a.id, comment: 'Cite the report, please.' });
    expect((await mirror.sync()).changed).toEqual([a.id]);

    await ctx.as('editor').comment.resolve({ annotationId: a.id });
    expect((await mirror.sync()).changed).toEqual([a.id]);
    expect(mirror.views.get(a.id)!.discussionResolved).toBe(true);
    await ctx.as('viewer').comment.create({ id: randomUUID(), annotationId: a.id, body: 'Not so fast.' });
    expect((await mirror.sync()).changed).toEqual([a.id]);
    expect(mirror.views.get(a.id)!.discussionResolved).toBe(false);

    const created = (await ctx.caller.annotation.history({ id: a.id })).find((e) => e.type === 'annotation.created')!;
    await ctx.as('editor').annotation.restoreVersion({ id: a.id, eventId: created.id });
    expect((await mirror.sync()).changed).toEqual([a.id]);
    expect(mirror.views.get(a.id)!.rationale).not.toBe(a2.rationale);

    await ctx.as('reviewer').annotation.delete({ id: a.id });
    expect(await mirror.sync()).toEqual({ changed: [], removed: [a.id] });
    await ctx.as('reviewer').annotation.restore({ id: a.id });
    expect(await mirror.sync()).toEqual({ changed: [a.id], removed: [] });

    const current = mirror.views.get(a.id)!;
    await ctx
      .as('reviewer')
      .annotation.reattach({ id: a.id, expectedVersion: current.version, anchor: await anchorOf(ctx, articleId, CLAIM.residents) });
    expect((await mirror.sync()).changed).toEqual([a.id]);
    expect(mirror.views.get(a.id)!.exact).toBe(CLAIM.residents);

    // Made and deleted between two polls: removed, which a client that never saw it ignores.
    const brief = await annotate(ctx, 'reviewer', articleId, CLAIM.survey);
    await ctx.as('reviewer').annotation.delete({ id: brief.id });
    expect(await mirror.sync()).toEqual({ changed: [], removed: [brief.id] });
  });

  it('reports every annotation after a revision (off the request thread or not), moved ones included, then their confirmation', async () => {
    const articleId = await importRiver(ctx);
    const moved = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const orphan = await annotate(ctx, 'reviewer', articleId, CLAIM.plant);
    const survey = await annotate(ctx, 'reviewer', articleId, CLAIM.survey);
    const mirror = await new Mirror(articleId).load();

    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });
    const { changed } = await mirror.sync();
    expect(changed.sort()).toEqual([moved.id, orphan.id, survey.id].sort());
    expect(mirror.views.get(moved.id)!.anchorStatus).toBe('moved');
    expect(mirror.views.get(survey.id)!.from).not.toBe(survey.from);

    await ctx.as('reviewer').annotation.confirmAnchor({ id: moved.id });
    expect((await mirror.sync()).changed).toEqual([moved.id]);

    // The inline path (no worker) records the same.
    const doc = articleDocFromJSON((await ctx.caller.article.byId({ id: articleId })).body);
    const original = articleDocFromJSON((await ctx.caller.article.revision({ id: articleId, number: 1 })).body);
    expect(doc.eq(original)).toBe(false);
    await addRevision(ctx.db, PEOPLE.editor, articleId, { title: 'Back to the first', doc: original });
    expect((await mirror.sync()).changed.length).toBe(3);
    expect(RIVER).toContain(mirror.views.get(survey.id)!.exact);
  });

  it('sends a page on an older revision no annotations, only the news of the revision', async () => {
    const articleId = await importRiver(ctx);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await annotate(ctx, 'reviewer', articleId, CLAIM.survey);
    const { cursor } = await ctx.caller.annotation.index({ articleId });
    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });
    const onOld = await ctx.caller.annotation.changes({ articleId, since: cursor, revision: 1 });
    expect(onOld).toMatchObject({ revision: 2, changed: [], removed: [] });
    expect(onOld.cursor).toBeGreaterThan(cursor);
    const onNew = await ctx.caller.annotation.changes({ articleId, since: cursor, revision: 2 });
    expect(onNew.changed).toHaveLength(2);
  });

  it('reports imported annotations', async () => {
    const articleId = await importRiver(ctx);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const collection = JSON.parse(JSON.stringify(await ctx.caller.export.webAnnotations({ articleId })));
    const copy = await importRiver(ctx);
    const mirror = await new Mirror(copy).load();
    await ctx.as('reviewer').annotation.importCollection({ articleId: copy, collection });
    expect((await mirror.sync()).changed).toHaveLength(1);
  });

  it('refuses a cursor beyond the latest change', async () => {
    const articleId = await importRiver(ctx);
    const { cursor } = await ctx.as('viewer').annotation.index({ articleId });
    expect(await refusal(ctx.as('viewer').annotation.changes({ articleId, since: cursor + 1 }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: `This article has no change ${cursor + 1}: its latest is ${cursor}. Reload the article to start again from there.`,
    });
    expect(await refusal(ctx.as('viewer').annotation.changes({ articleId, since: -1 }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal(ctx.as('viewer').annotation.changes({ articleId, since: 1.5 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
