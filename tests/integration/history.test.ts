// The full history: every change writes its entry in the same transaction
// (so neither is saved without the other), the entries cannot be changed
// afterwards, and earlier versions can be read and brought back.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shortQuote } from '@/server/domain/history';
import { REFUSALS } from '@/server/domain/roles';
import { addFailingTrigger, dropTrigger, freshCaller, signOff, sqlAll, sqlRun } from './helpers';
import {
  anchorOf,
  annotate,
  CLAIM,
  everything,
  EVIDENCE,
  expectRefusal,
  importRiver,
  RIVER,
  RIVER_REVISED,
  type TestDesk,
} from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const update = (
  a: { id: string; version: number },
  fields: { verdict?: string; rationale?: string; evidence?: { url: string; title: string }[] },
) => ({
  id: a.id,
  expectedVersion: a.version,
  verdict: fields.verdict ?? 'false',
  rationale: fields.rationale ?? 'The water agency measured the opposite.',
  evidence: fields.evidence ?? EVIDENCE,
});

describe('annotation history', () => {
  it('lists what happened, newest first, in sentences naming who did it', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await signOff(ctx.as, a.id, 'reviewer');
    const history = await ctx.as('viewer').annotation.history({ id: a.id });
    expect(history.map((e) => e.sentence)).toEqual([
      'Ed Editor approved',
      'Rita Reviewer submitted it for review',
      `Rita Reviewer annotated “${CLAIM.fish}” as False`,
    ]);
    expect(history.map((e) => e.id)).toEqual([...history.map((e) => e.id)].sort((x, y) => y - x));
    expect(history.every((e) => e.annotationId === a.id && e.articleId === articleId)).toBe(true);
    expect(history.map((e) => e.restorable)).toEqual([false, false, true]);
    expect(history[2].after).toMatchObject({
      exact: CLAIM.fish,
      verdict: 'false',
      rationale: a.rationale,
      status: 'draft',
      evidence: [{ url: EVIDENCE[0].url, title: EVIDENCE[0].title }],
    });
    for (const e of history) expect(new Date(e.createdAt).toISOString()).toBe(e.createdAt);
  });

  it('records each change with the fields before and after, and the whole version after', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('editor').annotation.update({
      ...update(a, { verdict: 'mostly-false', evidence: [...EVIDENCE, { url: 'https://example.org/survey', title: 'Survey' }] }),
    });
    const [updated] = await ctx.caller.annotation.history({ id: a.id });
    expect(updated).toMatchObject({
      type: 'annotation.updated',
      actorName: 'Ed Editor',
      before: { verdict: 'false', evidence: EVIDENCE },
      after: {
        verdict: 'mostly-false',
        evidence: [...EVIDENCE, { url: 'https://example.org/survey', title: 'Survey' }],
        snapshot: { verdict: 'mostly-false', rationale: a.rationale, exact: CLAIM.fish },
      },
      sentence: 'Ed Editor changed the verdict from False to Mostly false and added an evidence link',
      restorable: true,
    });
    // Fields that did not change are not in the entry.
    expect(Object.keys(updated.before as object).sort()).toEqual(['evidence', 'verdict']);
  });

  it('records the re-anchoring of a new revision with the old and new quote and its score', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });
    const [reanchored] = await ctx.caller.annotation.history({ id: a.id });
    const now = (await ctx.caller.annotation.list({ articleId })).find((x) => x.id === a.id)!;
    expect(reanchored).toMatchObject({ type: 'annotation.reanchored', actorName: 'Ed Editor' });
    const percent = Math.round(now.anchorScore! * 100);
    expect(percent).toBeGreaterThanOrEqual(75);
    expect(reanchored.sentence).toBe(
      `Revision 2: re-anchored as fuzzy (${percent}%): ${shortQuote(CLAIM.nitrate)} → ${shortQuote(now.exact)}; is the verdict still right?`,
    );
    expect(reanchored).toMatchObject({
      before: { exact: CLAIM.nitrate },
      after: { exact: now.exact, anchorStatus: 'fuzzy', score: now.anchorScore, revision: 2 },
    });
    // A draft does not change status: there is no status entry.
    expect((await ctx.caller.annotation.history({ id: a.id })).map((e) => e.type)).toEqual(['annotation.reanchored', 'annotation.created']);
  });

  it('is readable for a deleted annotation, and restoring it is recorded', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('reviewer').annotation.delete({ id: a.id });
    await ctx.as('reviewer').annotation.delete({ id: a.id }); // deleting twice records once
    let history = await ctx.caller.annotation.history({ id: a.id });
    expect(history.map((e) => e.sentence)).toEqual(['Rita Reviewer deleted it', `Rita Reviewer annotated “${CLAIM.fish}” as False`]);
    expect(history[0].before).toMatchObject({ exact: CLAIM.fish, verdict: 'false', rationale: a.rationale });

    const restored = await ctx.as('editor').annotation.restore({ id: a.id });
    expect(restored).toMatchObject({ id: a.id, verdict: 'false', rationale: a.rationale, author: 'Rita Reviewer', updatedBy: 'Ed Editor' });
    history = await ctx.caller.annotation.history({ id: a.id });
    expect(history[0]).toMatchObject({
      type: 'annotation.restored',
      sentence: 'Ed Editor restored it',
      after: { exact: CLAIM.fish },
      restorable: true,
    });
    expect(await ctx.caller.annotation.list({ articleId })).toHaveLength(1);
  });

  it('answers NOT_FOUND for an annotation that never existed', async () => {
    await expectRefusal(ctx.caller.annotation.history({ id: randomUUID() }), 'NOT_FOUND', /does not exist/);
  });
});

describe('article history', () => {
  it('has the article’s own entries and those of its annotations, newest first, and nothing of other articles', async () => {
    const articleId = await importRiver(ctx);
    const other = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await annotate(ctx, 'reviewer', other, CLAIM.fish);
    await ctx.as('reviewer').comment.create({ id: randomUUID(), annotationId: a.id, body: 'Checked the survey.' });
    await ctx.as('editor').article.update({ articleId, text: RIVER_REVISED });

    const history = await ctx.as('viewer').article.history({ id: articleId });
    expect(history.map((e) => e.type)).toEqual([
      'article.revision_saved',
      'annotation.reanchored',
      'comment.created',
      'annotation.created',
      'article.created',
    ]);
    expect(history.every((e) => e.articleId === articleId)).toBe(true);
    expect(history[0].sentence).toBe('Ed Editor saved revision 2: 0 unchanged, 1 moved, 0 fuzzy, 0 need re-anchoring');
    expect(history.at(-1)!.sentence).toBe('Ana Reviewer imported the article “Mayor claims the river is clean”');
    expect(history[2].sentence).toBe('Rita Reviewer commented: “Checked the survey.”');
    await expectRefusal(ctx.caller.article.history({ id: 4242 }), 'NOT_FOUND', /Article 4242 does not exist/);
  });

  it('records settings changes outside any article', async () => {
    const articleId = await importRiver(ctx);
    const verdicts = (await ctx.caller.settings.get()).verdicts;
    await ctx.caller.settings.save({ organisation: { name: 'River Desk', url: null, logoUrl: null, allowSelfApproval: true }, verdicts });
    const rows = (await sqlAll(
      ctx.db,
      "SELECT article_id, actor_name, CAST(before AS TEXT) AS before, CAST(after AS TEXT) AS after FROM events WHERE type = 'settings.changed'",
    )) as {
      article_id: number | null;
      actor_name: string;
      before: string;
      after: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ article_id: null, actor_name: 'Ana Reviewer' });
    expect(JSON.parse(rows[0].before).organisation).toMatchObject({ name: '', allowSelfApproval: false });
    expect(JSON.parse(rows[0].after).organisation).toMatchObject({ name: 'River Desk', allowSelfApproval: true });
    expect((await ctx.caller.article.history({ id: articleId })).map((e) => e.type)).not.toContain('settings.changed');
  });
});

describe('restoring an earlier version', () => {
  it('brings back an earlier version’s verdict, rationale and evidence, and records it', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish, { rationale: 'First reason.' });
    const v2 = await ctx.as('reviewer').annotation.update(update(a, { verdict: 'true', rationale: 'Second reason.', evidence: [] }));
    await ctx.as('reviewer').annotation.update(update(v2, { verdict: 'mixed', rationale: 'Third reason.' }));
    const created = (await ctx.caller.annotation.history({ id: a.id })).find((e) => e.type === 'annotation.created')!;

    const restored = await ctx.as('editor').annotation.restoreVersion({ id: a.id, eventId: created.id });
    expect(restored).toMatchObject({
      verdict: 'false',
      rationale: 'First reason.',
      version: 4,
      updatedBy: 'Ed Editor',
      author: 'Rita Reviewer',
    });
    expect(restored.evidence).toEqual([{ ...EVIDENCE[0], excerpt: null }]);

    const [entry] = await ctx.caller.annotation.history({ id: a.id });
    expect(entry).toMatchObject({
      type: 'annotation.version_restored',
      actorName: 'Ed Editor',
      before: { verdict: 'mixed', rationale: 'Third reason.' },
      after: {
        verdict: 'false',
        rationale: 'First reason.',
        fromEventId: created.id,
        fromEventAt: created.createdAt,
        snapshot: { verdict: 'false', rationale: 'First reason.' },
      },
      restorable: true,
    });
    expect(entry.sentence).toBe(`Ed Editor restored the version of ${created.createdAt.slice(0, 16).replace('T', ' ')}`);

    // The version after an update can be brought back too.
    const second = (await ctx.caller.annotation.history({ id: a.id })).find(
      (e) => e.type === 'annotation.updated' && (e.after as { rationale?: string }).rationale === 'Second reason.',
    )!;
    expect(await ctx.caller.annotation.restoreVersion({ id: a.id, eventId: second.id })).toMatchObject({
      verdict: 'true',
      rationale: 'Second reason.',
      evidence: [],
    });
  });

  it('brings back the evidence excerpts of that version too', async () => {
    const articleId = await importRiver(ctx);
    const quoted = [{ url: 'https://example.org/survey', title: 'Survey', excerpt: 'Fish were found in 9 of 12 stretches.' }];
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish, { evidence: quoted });
    expect(a.evidence).toEqual(quoted);
    await ctx.as('reviewer').annotation.update(update(a, { rationale: 'Changed.', evidence: [] }));
    const created = (await ctx.caller.annotation.history({ id: a.id })).find((e) => e.type === 'annotation.created')!;
    const restored = await ctx.as('editor').annotation.restoreVersion({ id: a.id, eventId: created.id });
    expect(restored.evidence).toEqual(quoted);

    // And a version given up in a conflict keeps its excerpts as well.
    const mine = {
      id: a.id,
      verdict: 'true',
      rationale: 'Mine.',
      evidence: [{ url: 'https://example.org/mine', title: 'Mine', excerpt: 'A line I quoted.' }],
    };
    const { eventId } = await ctx.as('reviewer').annotation.discardVersion(mine);
    expect((await ctx.as('editor').annotation.restoreVersion({ id: a.id, eventId })).evidence).toEqual(mine.evidence);
  });

  it('sends an approved annotation back to review when it brings back different content', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish, { rationale: 'First reason.' });
    await ctx.as('reviewer').annotation.update(update(a, { rationale: 'Better reason.' }));
    await signOff(ctx.as, a.id, 'reviewer');
    const created = (await ctx.caller.annotation.history({ id: a.id })).find((e) => e.type === 'annotation.created')!;
    const restored = await ctx.as('editor').annotation.restoreVersion({ id: a.id, eventId: created.id });
    expect(restored).toMatchObject({ rationale: 'First reason.', status: 'in_review' });
    const [status, entry] = await ctx.caller.annotation.history({ id: a.id });
    expect(status).toMatchObject({ type: 'annotation.status', after: { status: 'in_review', via: 'edit' } });
    expect(entry.type).toBe('annotation.version_restored');
  });

  it('is for editors and admins only', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('reviewer').annotation.update(update(a, { rationale: 'Changed.' }));
    const created = (await ctx.caller.annotation.history({ id: a.id })).find((e) => e.type === 'annotation.created')!;
    await expectRefusal(ctx.as('reviewer').annotation.restoreVersion({ id: a.id, eventId: created.id }), 'FORBIDDEN', REFUSALS.editor);
    await expectRefusal(ctx.as('viewer').annotation.restoreVersion({ id: a.id, eventId: created.id }), 'FORBIDDEN', REFUSALS.editor);
    expect((await ctx.caller.annotation.list({ articleId }))[0].rationale).toBe('Changed.');
  });

  it('refuses entries that hold no version, belong to another annotation, or an annotation that is deleted', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const b = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    await ctx.as('reviewer').annotation.submit({ id: a.id });
    const [submitted, created] = await ctx.caller.annotation.history({ id: a.id });
    await expectRefusal(
      ctx.caller.annotation.restoreVersion({ id: a.id, eventId: submitted.id }),
      'BAD_REQUEST',
      /does not hold a version/,
    );
    await expectRefusal(
      ctx.caller.annotation.restoreVersion({ id: b.id, eventId: created.id }),
      'NOT_FOUND',
      /does not belong to this annotation/,
    );
    await expectRefusal(ctx.caller.annotation.restoreVersion({ id: a.id, eventId: 999_999 }), 'NOT_FOUND', /does not belong/);
    await ctx.caller.annotation.delete({ id: a.id });
    await expectRefusal(ctx.caller.annotation.restoreVersion({ id: a.id, eventId: created.id }), 'BAD_REQUEST', /restore it first/);
  });

  it('keeps the version given up in a conflict, and an editor can bring it back', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    // Ed saves first; Rita's save of the same version is refused; she keeps Ed's.
    await ctx.as('editor').annotation.update(update(a, { verdict: 'mostly-false', rationale: 'Ed’s reading.' }));
    const ritas = update(a, {
      verdict: 'true',
      rationale: 'Rita’s reading.',
      evidence: [{ url: 'https://example.org/rita', title: 'Rita’s source' }],
    });
    await expectRefusal(ctx.as('reviewer').annotation.update(ritas), 'CONFLICT', /changed by Ed Editor/);
    const { eventId } = await ctx
      .as('reviewer')
      .annotation.discardVersion({ id: a.id, verdict: ritas.verdict, rationale: ritas.rationale, evidence: ritas.evidence });

    const [entry] = await ctx.caller.annotation.history({ id: a.id });
    expect(entry).toMatchObject({
      id: eventId,
      type: 'annotation.conflict_discarded',
      actorName: 'Rita Reviewer',
      before: { verdict: 'true', rationale: 'Rita’s reading.', evidence: [{ url: 'https://example.org/rita', title: 'Rita’s source' }] },
      after: { keptVersion: 2 },
      restorable: true,
      sentence: "Rita Reviewer kept a colleague's newer version; Rita Reviewer's own unsaved version is kept here",
    });
    // Nothing else changed.
    expect((await ctx.caller.annotation.list({ articleId }))[0]).toMatchObject({
      version: 2,
      verdict: 'mostly-false',
      rationale: 'Ed’s reading.',
    });

    const back = await ctx.as('editor').annotation.restoreVersion({ id: a.id, eventId });
    expect(back).toMatchObject({
      verdict: 'true',
      rationale: 'Rita’s reading.',
      evidence: [{ url: 'https://example.org/rita', title: 'Rita’s source', excerpt: null }],
    });
  });

  it('lets only those who may change the annotation record a discarded version', async () => {
    const articleId = await importRiver(ctx);
    const eds = await annotate(ctx, 'editor', articleId, CLAIM.fish);
    const attempt = { id: eds.id, verdict: 'true', rationale: 'x', evidence: [] };
    await expectRefusal(
      ctx.as('reviewer').annotation.discardVersion(attempt),
      'FORBIDDEN',
      /Only editors and admins can edit another reviewer's annotation/,
    );
    await expectRefusal(ctx.as('viewer').annotation.discardVersion(attempt), 'FORBIDDEN', REFUSALS.reviewer);
    expect((await ctx.caller.annotation.history({ id: eds.id })).map((e) => e.type)).toEqual(['annotation.created']);
  });
});

describe('every change and its history entry are saved together or not at all', () => {
  const FAIL_EVENTS = { name: 'fail_events', table: 'events', timing: 'BEFORE INSERT', message: 'history write failed' };

  /** Annotations in each state, a comment and a remembered version, all made before the history breaks. */
  async function desk() {
    const articleId = await importRiver(ctx);
    const moved = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const reworded = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    const asking = await ctx.caller.annotation.list({ articleId }).then((all) => all.find((a) => a.id === reworded.id)!);
    const draft = await annotate(ctx, 'reviewer', articleId, 'Water samples taken in June', { rationale: 'First reason.' });
    const draftV2 = await ctx.as('reviewer').annotation.update(update(draft, { rationale: 'Second reason.' }));
    const created = (await ctx.caller.annotation.history({ id: draft.id })).find((e) => e.type === 'annotation.created')!;
    const inReview = await annotate(ctx, 'reviewer', articleId, CLAIM.survey);
    await ctx.as('reviewer').annotation.submit({ id: inReview.id });
    const approved = await signOff(ctx.as, (await annotate(ctx, 'reviewer', articleId, 'In a later statement')).id, 'reviewer');
    const deleted = await annotate(ctx, 'reviewer', articleId, 'the full survey of the river');
    await ctx.as('reviewer').annotation.delete({ id: deleted.id });
    const comment = await ctx.as('viewer').comment.create({ id: randomUUID(), annotationId: draft.id, body: 'Source? @Ed Editor' });
    const verdicts = (await ctx.caller.settings.get()).verdicts;
    return { articleId, moved, asking, draft: draftV2, created, inReview, approved, deleted, comment, verdicts };
  }
  type Desk = Awaited<ReturnType<typeof desk>>;

  const CASES: [string, (d: Desk) => Promise<unknown>][] = [
    ['annotation.create', async (d) => annotate(ctx, 'reviewer', d.articleId, 'Residents remain sceptical')],
    ['annotation.update', (d) => ctx.as('reviewer').annotation.update(update(d.draft, { rationale: 'Third reason.' }))],
    ['annotation.update of an approved annotation', (d) => ctx.as('reviewer').annotation.update(update(d.approved, { verdict: 'true' }))],
    ['annotation.delete', (d) => ctx.as('reviewer').annotation.delete({ id: d.draft.id })],
    ['annotation.restore', (d) => ctx.as('reviewer').annotation.restore({ id: d.deleted.id })],
    ['annotation.submit', (d) => ctx.as('reviewer').annotation.submit({ id: d.draft.id })],
    ['annotation.approve', (d) => ctx.as('editor').annotation.approve({ id: d.inReview.id })],
    [
      'annotation.requestChanges',
      (d) => ctx.as('editor').annotation.requestChanges({ id: d.inReview.id, comment: 'Please cite the survey. @Rita Reviewer' }),
    ],
    ['annotation.confirmAnchor', (d) => ctx.as('reviewer').annotation.confirmAnchor({ id: d.moved.id })],
    [
      'annotation.answerVerdictQuestion',
      (d) =>
        ctx
          .as('reviewer')
          .annotation.answerVerdictQuestion({ id: d.asking.id, expectedVersion: d.asking.version, answer: 'change', verdict: 'true' }),
    ],
    [
      'annotation.reattach',
      async (d) =>
        ctx.as('reviewer').annotation.reattach({
          id: d.draft.id,
          expectedVersion: d.draft.version,
          anchor: await anchorOf(ctx, d.articleId, 'Residents remain sceptical'),
        }),
    ],
    ['annotation.restoreVersion', (d) => ctx.as('editor').annotation.restoreVersion({ id: d.draft.id, eventId: d.created.id })],
    [
      'annotation.discardVersion',
      (d) => ctx.as('reviewer').annotation.discardVersion({ id: d.draft.id, verdict: 'true', rationale: 'Mine', evidence: [] }),
    ],
    [
      'annotation.importCollection',
      (d) =>
        ctx.as('reviewer').annotation.importCollection({
          articleId: d.articleId,
          collection: {
            type: 'Annotation',
            body: [{ type: 'TextualBody', purpose: 'tagging', value: 'False' }],
            target: { selector: { type: 'TextQuoteSelector', exact: 'Residents remain sceptical' } },
            'factcheck:status': 'approved',
          },
        }),
    ],
    [
      'comment.create',
      (d) => ctx.as('viewer').comment.create({ id: randomUUID(), annotationId: d.draft.id, body: 'Another question for @Ed Editor' }),
    ],
    ['comment.edit', (d) => ctx.as('viewer').comment.edit({ id: d.comment.id, body: 'Source, please? @Rita Reviewer' })],
    ['comment.delete', (d) => ctx.as('viewer').comment.delete({ id: d.comment.id })],
    ['comment.resolve', (d) => ctx.as('editor').comment.resolve({ annotationId: d.draft.id })],
    ['article.import', () => ctx.caller.article.import({ text: RIVER })],
    ['article.update', (d) => ctx.caller.article.update({ articleId: d.articleId, text: RIVER })],
    [
      'settings.save',
      (d) =>
        ctx.caller.settings.save({
          organisation: { name: 'River Desk', url: null, logoUrl: null, allowSelfApproval: true },
          verdicts: d.verdicts,
        }),
    ],
  ];

  it.each(CASES)('%s rolls back entirely when its history entry cannot be written', async (_name, act) => {
    const d = await desk();
    await addFailingTrigger(ctx.db, FAIL_EVENTS);
    const before = await everything(ctx);
    await expect(act(d)).rejects.toThrow(/history write failed/);
    expect(await everything(ctx)).toEqual(before);

    // With the history working again the same change goes through, with its entry.
    await dropTrigger(ctx.db, 'fail_events', 'events');
    const events = before.events.length;
    await act(d);
    expect((await everything(ctx)).events.length).toBeGreaterThan(events);
  });

  it('refuses to change or delete history entries', async () => {
    const articleId = await importRiver(ctx);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const before = (await everything(ctx)).events;
    expect(before.length).toBeGreaterThan(0);
    await expect(sqlRun(ctx.db, "UPDATE events SET actor_name = 'Mallory'")).rejects.toThrow(/The history is append-only/);
    await expect(sqlRun(ctx.db, 'UPDATE events SET after = NULL WHERE id = (SELECT max(id) FROM events)')).rejects.toThrow(
      /The history is append-only/,
    );
    await expect(sqlRun(ctx.db, 'DELETE FROM events')).rejects.toThrow(/The history is append-only/);
    await expect(sqlRun(ctx.db, 'DELETE FROM events WHERE id = (SELECT min(id) FROM events)')).rejects.toThrow(
      /The history is append-only/,
    );
    expect((await everything(ctx)).events).toEqual(before);
  });
});
