// What is published: only approved annotations on the current text. And what
// stands between an article and publication, in words an editor can act on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shortQuote } from '@/server/domain/history';
import { createCaller } from '@/server/routers/_app';
import { contextFor, freshCaller, PEOPLE, signOff } from './helpers';
import { anchorOf, annotate, CLAIM, keepVerdict, RIVER, RIVER_REVISED, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const PUBLIC_ORIGIN = 'https://checks.example.org';
const ORG = { name: 'River Desk', url: 'https://riverdesk.example', logoUrl: null, allowSelfApproval: false };

/**
 * Four approved annotations, then a revision: one stays exact and approved,
 * one moved, one reworded (both back in review) and one orphaned. Then a new
 * draft and one sent back for changes.
 */
async function revisedArticle() {
  const articleId = await importRiver(ctx);
  const ids = { survey: '', fish: '', nitrate: '', plant: '', draft: '', changes: '' };
  for (const name of ['survey', 'fish', 'nitrate', 'plant'] as const) {
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM[name], { claimSummary: `Claim about ${name}` });
    await signOff(ctx.as, a.id, 'reviewer');
    ids[name] = a.id;
  }
  await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
  ids.draft = (await annotate(ctx, 'reviewer', articleId, 'Water samples taken in June')).id;
  ids.changes = (await annotate(ctx, 'reviewer', articleId, 'In a later statement')).id;
  await ctx.as('reviewer').annotation.submit({ id: ids.changes });
  await ctx.as('editor').annotation.requestChanges({ id: ids.changes, comment: 'Which statement?' });
  return { articleId, ids };
}

/** The river article with what ClaimReview recommends knowing about it: its address, byline and date. */
const ARTICLE_FACTS = { sourceUrl: 'https://news.example/river', byline: 'Jo Reporter', publishedAt: '2026-01-06' };
async function importRiver(desk: TestDesk, text = RIVER) {
  return (await desk.caller.article.import({ text, ...ARTICLE_FACTS })).id;
}

const statusById = (notes: { id: string; status: string }[]) => Object.fromEntries(notes.map((n) => [n.id, n.status]));

describe('export', () => {
  it('publishes only approved annotations on the current text, each with its ClaimReview', async () => {
    const { articleId, ids } = await revisedArticle();
    const json = await ctx.as('viewer').export.json({ articleId });
    expect(json.includeDrafts).toBe(false);
    expect(json.notes.map((n) => n.id)).toEqual([ids.survey]);
    expect(json.notes[0]).toMatchObject({ status: 'approved', located: true, claimSummary: 'Claim about survey' });
    expect(json.notes[0].claimReview).toMatchObject({ '@type': 'ClaimReview', claimReviewed: 'Claim about survey' });

    const { html } = await ctx.as('viewer').export.html({ articleId });
    expect(html).toContain(`data-annotation-id="${ids.survey}"`);
    for (const id of [ids.fish, ids.nitrate, ids.plant, ids.draft, ids.changes]) expect(html).not.toContain(id);
    expect(html.match(/"@type":"ClaimReview"/g)).toHaveLength(1);
  });

  it('shows the others with their real status when drafts are asked for, never with a ClaimReview, and never orphans', async () => {
    const { articleId, ids } = await revisedArticle();
    const json = await ctx.caller.export.json({ articleId, includeDrafts: true });
    expect(json.includeDrafts).toBe(true);
    expect(statusById(json.notes)).toEqual({
      [ids.survey]: 'approved',
      [ids.fish]: 'in_review',
      [ids.nitrate]: 'in_review',
      [ids.draft]: 'draft',
      [ids.changes]: 'changes_requested',
    });
    for (const note of json.notes) {
      if (note.status === 'approved') expect(note.claimReview, note.id).not.toBeNull();
      else expect(note.claimReview, note.id).toBeNull();
    }
    expect(json.notes.map((n) => n.id)).not.toContain(ids.plant);

    const { html } = await ctx.caller.export.html({ articleId, includeDrafts: true });
    for (const id of [ids.survey, ids.fish, ids.nitrate, ids.draft, ids.changes]) expect(html).toContain(id);
    expect(html).not.toContain(ids.plant);
    expect(html).not.toContain(CLAIM.plant);
    expect(html.match(/"@type":"ClaimReview"/g)).toHaveLength(1);
  });

  it('names no organisation it was not given: no ClaimReview author and no invented name on the page', async () => {
    const { articleId } = await revisedArticle();
    const [note] = (await ctx.caller.export.json({ articleId })).notes;
    expect(note.claimReview).not.toHaveProperty('author');
    const { html } = await ctx.caller.export.html({ articleId });
    expect(html).not.toContain('Fact-check editor');
    expect(html).not.toContain('Fact-check by');

    await ctx.caller.settings.save({ organisation: ORG, verdicts: (await ctx.caller.settings.get()).verdicts });
    const [named] = (await ctx.caller.export.json({ articleId })).notes;
    expect(named.claimReview!.author).toEqual({ '@type': 'Organization', name: 'River Desk', url: 'https://riverdesk.example/' });
    expect((await ctx.caller.export.html({ articleId })).html).toContain('Fact-check by');
  });

  it('publishes an annotation again once it is approved again', async () => {
    const { articleId, ids } = await revisedArticle();
    await ctx.as('reviewer').annotation.confirmAnchor({ id: ids.fish });
    await ctx.as('editor').annotation.approve({ id: ids.fish });
    expect((await ctx.caller.export.json({ articleId })).notes.map((n) => n.id).sort()).toEqual([ids.fish, ids.survey].sort());
  });
});

describe('publication readiness', () => {
  it('names the first 25 annotations that block publication and counts the rest, so a long article’s answer stays small', async () => {
    const articleId = await importRiver(ctx);
    for (let i = 0; i < 30; i++) await annotate(ctx, 'reviewer', articleId, CLAIM.survey);
    const readiness = await ctx.caller.article.readiness({ id: articleId });
    expect(readiness.ready).toBe(false);
    expect(readiness.blockers.filter((b) => b.kind === 'not_approved')).toHaveLength(25);
    expect(readiness.unlisted).toBe(5);
    // The article's own blockers are always named.
    expect(readiness.blockers.map((b) => b.kind)).toEqual(expect.arrayContaining(['organisation_name', 'organisation_url', 'local_url']));
  });

  it('lists what is not approved, unconfirmed anchors, orphans, a missing organisation and a local address', async () => {
    const { articleId, ids } = await revisedArticle();
    const readiness = await ctx.as('viewer').article.readiness({ id: articleId });
    expect(readiness.ready).toBe(false);
    expect(readiness.published).toBe(1);
    const kinds = readiness.blockers.map((b) => [b.kind, b.annotationId ?? null]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['not_approved', ids.draft],
        ['not_approved', ids.changes],
        ['not_approved', ids.fish],
        // Reworded by the revision: what it waits for is the answer to its verdict question.
        ['verdict_question', ids.nitrate],
        ['unconfirmed_anchor', ids.fish],
        ['unconfirmed_anchor', ids.nitrate],
        ['orphaned', ids.plant],
        ['organisation_name', null],
        ['organisation_url', null],
        ['local_url', null],
      ]),
    );
    expect(kinds).toHaveLength(10);
    const about = (kind: string, id?: string) => readiness.blockers.find((b) => b.kind === kind && b.annotationId === id)!.message;
    expect(about('not_approved', ids.draft)).toBe(`${shortQuote('Water samples taken in June', 50)} is Draft, not approved`);
    expect(about('not_approved', ids.changes)).toBe(`${shortQuote('In a later statement', 50)} is Changes requested, not approved`);
    expect(about('orphaned', ids.plant)).toMatch(/^“the new treatment plant .*” is not on the current text: re-attach or delete it/);
    expect(about('verdict_question', ids.nitrate)).toMatch(
      /^“.*” is In review, its verdict question unanswered: .* changed in a new revision.*: answer “is the verdict still right\?” first$/,
    );
    expect(about('unconfirmed_anchor', ids.fish)).toMatch(/moved in a new revision: compare and confirm its position/);
    expect(about('local_url')).toMatch(/http:\/\/localhost:3000, a local address readers cannot open: set the public address in Settings/);
    expect(about('organisation_name')).toMatch(/The organisation has no name/);
  });

  it('says “not approved” again once the verdict question is answered', async () => {
    const { articleId, ids } = await revisedArticle();
    await keepVerdict(ctx, 'reviewer', ids.nitrate);
    const kinds = (await ctx.caller.article.readiness({ id: articleId })).blockers
      .filter((b) => b.annotationId === ids.nitrate)
      .map((b) => b.kind);
    expect(kinds).toContain('not_approved');
    expect(kinds).not.toContain('verdict_question');
  });

  it('is ready once everything is approved on its text, the organisation is named and the address is public', async () => {
    const { articleId, ids } = await revisedArticle();
    for (const id of [ids.fish, ids.nitrate]) await ctx.as('reviewer').annotation.confirmAnchor({ id });
    await keepVerdict(ctx, 'reviewer', ids.nitrate);
    const orphan = (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === ids.plant)!;
    await ctx.as('reviewer').annotation.reattach({
      id: ids.plant,
      expectedVersion: orphan.version,
      anchor: await anchorOf(ctx, articleId, 'Residents remain sceptical'),
    });
    for (const id of [ids.draft, ids.changes]) await ctx.as('reviewer').annotation.submit({ id });
    for (const id of [ids.fish, ids.nitrate, ids.plant, ids.draft, ids.changes]) await ctx.as('editor').annotation.approve({ id });
    await ctx.caller.settings.save({ organisation: ORG, verdicts: (await ctx.caller.settings.get()).verdicts });

    // From a local address, only that is left.
    const local = await ctx.caller.article.readiness({ id: articleId });
    expect(local.blockers.map((b) => b.kind)).toEqual(['local_url']);
    expect(local.ready).toBe(false);

    const publicCaller = createCaller(contextFor(ctx.db, PEOPLE.viewer, { origin: PUBLIC_ORIGIN }));
    expect(await publicCaller.article.readiness({ id: articleId })).toEqual({ ready: true, blockers: [], unlisted: 0, published: 6 });
    expect((await publicCaller.export.json({ articleId })).notes).toHaveLength(6);
  });

  it('does not count deleted annotations, and a deleted orphan no longer blocks', async () => {
    const { articleId, ids } = await revisedArticle();
    for (const id of [ids.fish, ids.nitrate, ids.plant, ids.draft, ids.changes]) await ctx.as('reviewer').annotation.delete({ id });
    await ctx.caller.settings.save({ organisation: ORG, verdicts: (await ctx.caller.settings.get()).verdicts });
    const publicCaller = createCaller(contextFor(ctx.db, PEOPLE.editor, { origin: PUBLIC_ORIGIN }));
    expect(await publicCaller.article.readiness({ id: articleId })).toEqual({ ready: true, blockers: [], unlisted: 0, published: 1 });
  });

  it('treats private and local names as local, whatever the port', async () => {
    const articleId = await importRiver(ctx);
    await ctx.caller.settings.save({ organisation: ORG, verdicts: (await ctx.caller.settings.get()).verdicts });
    for (const origin of ['http://127.0.0.1:3000', 'http://10.1.2.3', 'http://desk.local', 'http://factcheck', 'http://[::1]:8080']) {
      const readiness = await createCaller(contextFor(ctx.db, PEOPLE.viewer, { origin })).article.readiness({ id: articleId });
      expect(
        readiness.blockers.map((b) => b.kind),
        origin,
      ).toEqual(['local_url']);
    }
  });

  it('looks at the article’s own address when ClaimReviews point there', async () => {
    const { id: articleId } = await ctx.caller.article.import({
      text: 'River\n\nThe river is clean.',
      sourceUrl: 'https://news.example/river',
    });
    await ctx.caller.settings.save({ organisation: ORG, verdicts: (await ctx.caller.settings.get()).verdicts });
    const previous = process.env.FACTCHECK_CLAIMREVIEW_URL;
    process.env.FACTCHECK_CLAIMREVIEW_URL = 'source';
    try {
      expect(await ctx.caller.article.readiness({ id: articleId })).toEqual({ ready: true, blockers: [], unlisted: 0, published: 0 });
    } finally {
      if (previous === undefined) delete process.env.FACTCHECK_CLAIMREVIEW_URL;
      else process.env.FACTCHECK_CLAIMREVIEW_URL = previous;
    }
  });
});
