// An article's details edited after import, and an article deleted and
// restored: who may, what is checked, what the history records, and that a
// deleted article is missing from every read until it comes back.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFUSALS } from '@/server/domain/roles';
import { addFailingTrigger, freshCaller } from './helpers';
import { annotate, CLAIM, everything, expectRefusal, importRiver, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const DETAILS = {
  title: 'Mayor claims the river is clean',
  sourceUrl: 'https://news.example/river',
  byline: 'Jo Reporter',
  publishedAt: '2026-06-30',
};

describe('article.updateDetails', () => {
  it('saves title, source URL, byline and date, and records only the fields that changed', async () => {
    const id = await importRiver(ctx);
    const saved = await ctx
      .as('reviewer')
      .article.updateDetails({ id, ...DETAILS, title: 'River: the mayor’s claims', byline: 'Jo Reporter' });
    expect(saved).toEqual({
      id,
      title: 'River: the mayor’s claims',
      sourceUrl: DETAILS.sourceUrl,
      byline: 'Jo Reporter',
      publishedAt: DETAILS.publishedAt,
    });
    expect(await ctx.as('viewer').article.byId({ id })).toMatchObject({
      title: 'River: the mayor’s claims',
      sourceUrl: DETAILS.sourceUrl,
      byline: 'Jo Reporter',
      publishedAt: '2026-06-30',
    });
    expect(await ctx.as('viewer').article.page({ id })).toMatchObject({
      article: { title: 'River: the mayor’s claims', byline: 'Jo Reporter', publishedAt: '2026-06-30' },
    });
    expect((await ctx.caller.article.list()).find((a) => a.id === id)?.title).toBe('River: the mayor’s claims');

    const [entry] = await ctx.as('viewer').article.history({ id });
    expect(entry).toMatchObject({
      type: 'article.details_changed',
      actorName: 'Rita Reviewer',
      articleId: id,
      annotationId: null,
      before: { title: 'Mayor claims the river is clean', sourceUrl: null, byline: null, publishedAt: null },
      after: { title: 'River: the mayor’s claims', sourceUrl: DETAILS.sourceUrl, byline: 'Jo Reporter', publishedAt: '2026-06-30' },
      sentence: 'Rita Reviewer changed the article details: the title, the source URL, the byline and the publication date',
    });

    // Emptying the byline and changing the title: two fields, named in the sentence; blank means "not given".
    await ctx.as('editor').article.updateDetails({ id, ...DETAILS, title: 'River claims', byline: '  ' });
    const [second] = await ctx.caller.article.history({ id });
    expect(second.before).toEqual({ title: 'River: the mayor’s claims', byline: 'Jo Reporter' });
    expect(second.after).toEqual({ title: 'River claims', byline: null });
    expect(second.sentence).toBe('Ed Editor changed the article details: the title and the byline');
  });

  it('records nothing when nothing changed', async () => {
    const id = await importRiver(ctx);
    await ctx.caller.article.updateDetails({ id, ...DETAILS });
    const before = (await everything(ctx)).events.length;
    await ctx.caller.article.updateDetails({ id, ...DETAILS, title: `  ${DETAILS.title} ` });
    expect((await everything(ctx)).events.length).toBe(before);
  });

  it('refuses viewers, bad addresses and dates, an empty title and unknown articles, and changes nothing', async () => {
    const id = await importRiver(ctx);
    const untouched = await everything(ctx);
    await expectRefusal(ctx.as('viewer').article.updateDetails({ id, ...DETAILS }), 'FORBIDDEN', REFUSALS.reviewer);
    await expectRefusal(
      ctx.caller.article.updateDetails({ id, ...DETAILS, sourceUrl: 'javascript:alert(1)' }),
      'BAD_REQUEST',
      /Source URL must be an http:\/\/ or https:\/\/ address/,
    );
    await expectRefusal(
      ctx.caller.article.updateDetails({ id, ...DETAILS, sourceUrl: 'ftp://news.example/river' }),
      'BAD_REQUEST',
      /Source URL must be an http/,
    );
    await expectRefusal(
      ctx.caller.article.updateDetails({ id, ...DETAILS, publishedAt: '30/06/2026' }),
      'BAD_REQUEST',
      /Publication date must be a date \(YYYY-MM-DD\)/,
    );
    await expectRefusal(ctx.caller.article.updateDetails({ id, ...DETAILS, title: '   ' }), 'BAD_REQUEST', /The title is empty/);
    await expectRefusal(
      ctx.caller.article.updateDetails({ id, ...DETAILS, byline: 'x'.repeat(1000) }),
      'BAD_REQUEST',
      /Byline is longer than/,
    );
    await expectRefusal(ctx.caller.article.updateDetails({ id: id + 100, ...DETAILS }), 'NOT_FOUND', `Article ${id + 100} does not exist`);
    expect(await everything(ctx)).toEqual(untouched);
  });
});

describe('deleting and restoring an article', () => {
  async function annotatedRiver() {
    const articleId = await importRiver(ctx);
    const kept = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await annotate(ctx, 'editor', articleId, CLAIM.plant, { verdict: 'mostly-false' });
    // Deleted before the article was: it stays deleted when the article comes back.
    const gone = await annotate(ctx, 'reviewer', articleId, CLAIM.survey);
    await ctx.as('reviewer').annotation.delete({ id: gone.id });
    return { articleId, kept, gone };
  }

  it('is for editors and admins only', async () => {
    const { articleId } = await annotatedRiver();
    const untouched = await everything(ctx);
    await expectRefusal(ctx.as('reviewer').article.delete({ id: articleId }), 'FORBIDDEN', REFUSALS.editor);
    await expectRefusal(ctx.as('viewer').article.delete({ id: articleId }), 'FORBIDDEN', REFUSALS.editor);
    expect(await everything(ctx)).toEqual(untouched);
    await ctx.as('editor').article.delete({ id: articleId });
    await expectRefusal(ctx.as('reviewer').article.restore({ id: articleId }), 'FORBIDDEN', REFUSALS.editor);
    await expectRefusal(ctx.as('reviewer').article.deletedList(), 'FORBIDDEN', REFUSALS.editor);
    await ctx.caller.article.restore({ id: articleId });
  });

  it('takes the article out of every read, and of every write, until it is restored', async () => {
    const { articleId, kept } = await annotatedRiver();
    const result = await ctx.as('editor').article.delete({ id: articleId });
    expect(result).toEqual({ id: articleId, title: 'Mayor claims the river is clean', annotationCount: 2 });

    const viewer = ctx.as('viewer');
    expect((await viewer.article.list()).map((a) => a.id)).not.toContain(articleId);
    const gone = `Article ${articleId} does not exist`;
    // Each started when it is awaited: started together, the later refusals would have nothing awaiting them yet.
    const reads: [string, () => Promise<unknown>][] = [
      ['article.byId', () => viewer.article.byId({ id: articleId })],
      ['article.page', () => viewer.article.page({ id: articleId })],
      ['article.document', () => viewer.article.document({ id: articleId })],
      ['article.title', () => viewer.article.title({ id: articleId })],
      ['article.history', () => viewer.article.history({ id: articleId })],
      ['article.readiness', () => viewer.article.readiness({ id: articleId })],
      ['article.revisions', () => viewer.article.revisions({ id: articleId })],
      ['article.revision', () => viewer.article.revision({ id: articleId, number: 1 })],
      ['article.revisionPage', () => viewer.article.revisionPage({ id: articleId, number: 1 })],
      ['annotation.list', () => viewer.annotation.list({ articleId })],
      ['export.html', () => viewer.export.html({ articleId })],
      ['export.json', () => viewer.export.json({ articleId, includeDrafts: true })],
      ['export.webAnnotations', () => viewer.export.webAnnotations({ articleId })],
    ];
    for (const [name, read] of reads) {
      const error = await expectRefusal(read(), 'NOT_FOUND', /does not exist/);
      if (name.startsWith('article.') && name !== 'article.revision' && name !== 'article.revisionPage')
        expect(error.message, name).toBe(gone);
    }
    // Its annotations went with it.
    await expectRefusal(ctx.as('viewer').annotation.history({ id: kept.id }), 'NOT_FOUND', /does not exist/);
    await expectRefusal(ctx.as('viewer').comment.list({ annotationId: kept.id }), 'NOT_FOUND', /does not exist/);
    await expectRefusal(
      ctx.as('viewer').comment.create({ id: randomUUID(), annotationId: kept.id, body: 'Still there?' }),
      'NOT_FOUND',
      /does not exist/,
    );
    await expectRefusal(
      ctx.as('reviewer').annotation.update({ id: kept.id, expectedVersion: kept.version, verdict: 'true', rationale: 'r', evidence: [] }),
      'NOT_FOUND',
      /does not exist/,
    );
    await expectRefusal(ctx.as('reviewer').article.update({ articleId, text: 'New text' }), 'NOT_FOUND', gone);
    await expectRefusal(ctx.as('reviewer').article.updateDetails({ id: articleId, title: 'New title' }), 'NOT_FOUND', gone);
    // Deleting it again finds nothing to delete.
    await expectRefusal(ctx.as('editor').article.delete({ id: articleId }), 'NOT_FOUND', gone);

    const [listed] = await ctx.as('editor').article.deletedList();
    expect(listed).toMatchObject({ id: articleId, title: 'Mayor claims the river is clean', deletedBy: 'Ed Editor', annotationCount: 2 });
    expect(new Date(listed.deletedAt).toISOString()).toBe(listed.deletedAt);
  });

  it('restores the article with its annotations, and the history tells both', async () => {
    const { articleId, kept, gone } = await annotatedRiver();
    const before = await ctx.caller.annotation.list({ articleId });
    await ctx.as('editor').article.delete({ id: articleId });
    const restored = await ctx.as('admin').article.restore({ id: articleId });
    expect(restored).toMatchObject({ id: articleId, title: 'Mayor claims the river is clean', annotationCount: 2 });

    expect((await ctx.caller.article.list()).map((a) => a.id)).toContain(articleId);
    expect(await ctx.as('editor').article.deletedList()).toEqual([]);
    const after = await ctx.caller.annotation.list({ articleId });
    expect(after).toEqual(before);
    expect(after.map((a) => a.id)).toContain(kept.id);
    expect(after.map((a) => a.id)).not.toContain(gone.id);
    expect((await ctx.caller.export.json({ articleId, includeDrafts: true })).notes).toHaveLength(2);

    const history = await ctx.as('viewer').article.history({ id: articleId });
    expect(history.slice(0, 2).map((e) => [e.type, e.actorName, e.sentence])).toEqual([
      ['article.restored', 'Ana Reviewer', 'Ana Reviewer restored the article “Mayor claims the river is clean”'],
      ['article.deleted', 'Ed Editor', 'Ed Editor deleted the article “Mayor claims the river is clean” with its 2 annotations'],
    ]);
    expect(history[1].before).toEqual({ title: 'Mayor claims the river is clean', annotationCount: 2 });

    // Restoring what is not deleted changes nothing and records nothing.
    const events = (await everything(ctx)).events.length;
    await ctx.as('editor').article.restore({ id: articleId });
    expect((await everything(ctx)).events.length).toBe(events);
    await expectRefusal(
      ctx.as('editor').article.restore({ id: articleId + 100 }),
      'NOT_FOUND',
      `Article ${articleId + 100} does not exist`,
    );
  });

  it('writes the delete and its history entry together', async () => {
    const { articleId } = await annotatedRiver();
    const untouched = await everything(ctx);
    // The history refuses to take the entry: the article must stay as it was.
    await addFailingTrigger(ctx.db, {
      name: 'refuse_article_events',
      table: 'events',
      timing: 'BEFORE INSERT',
      when: "NEW.type = 'article.deleted'",
      message: 'no',
    });
    await expect(ctx.as('editor').article.delete({ id: articleId })).rejects.toThrow();
    expect(await everything(ctx)).toEqual(untouched);
    expect((await ctx.caller.article.list()).map((a) => a.id)).toContain(articleId);
  });

  it('leaves mentions on a deleted article out of the Mentions page', async () => {
    const { articleId, kept } = await annotatedRiver();
    await ctx.as('reviewer').comment.create({ id: randomUUID(), annotationId: kept.id, body: 'Can you check this, @Ed Editor?' });
    expect(await ctx.as('editor').comment.mentions()).toHaveLength(1);
    await ctx.as('editor').article.delete({ id: articleId });
    expect(await ctx.as('editor').comment.mentions()).toEqual([]);
    await ctx.as('editor').article.restore({ id: articleId });
    expect(await ctx.as('editor').comment.mentions()).toHaveLength(1);
  });
});
