// Sign-off before publishing: Draft → In review → Approved, or Changes
// requested. Every transition, who may take it, and what refuses it.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shortQuote } from '@/server/domain/history';
import { REFUSALS } from '@/server/domain/roles';
import { REVIEW_REFUSAL, SUBMIT_REFUSAL } from '@/server/domain/workflow';
import { createCaller } from '@/server/routers/_app';
import { exportWebAnnotations } from '@/server/services/web-annotations';
import { addPeople, contextFor, freshCaller, signOff, sqlGet } from './helpers';
import { anchorOf, annotate, CLAIM, EVIDENCE, expectRefusal, importRiver, keepVerdict, RIVER_REVISED, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const ORG = { name: 'River Desk', url: 'https://riverdesk.example', logoUrl: null };

async function scale() {
  return (await ctx.caller.settings.get()).verdicts.map(({ key, label, colour, icon, rating, requiresEvidence }) => ({
    key,
    label,
    colour,
    icon,
    rating,
    requiresEvidence,
  }));
}

async function saveSettings(changes: { allowSelfApproval?: boolean; requiresEvidence?: Record<string, boolean> }) {
  const verdicts = (await scale()).map((v) => ({ ...v, requiresEvidence: changes.requiresEvidence?.[v.key] ?? v.requiresEvidence }));
  return ctx.caller.settings.save({ organisation: { ...ORG, allowSelfApproval: changes.allowSelfApproval ?? false }, verdicts });
}

async function statusOf(id: string) {
  return (await listed(id)).status;
}

async function listed(id: string) {
  const articleId = (await sqlGet(ctx.db, 'SELECT article_id AS a FROM annotations WHERE id = ?', id)) as { a: number };
  return (await ctx.caller.annotation.list({ articleId: articleId.a })).find((a) => a.id === id)!;
}

/** The newest status event of an annotation. */
async function lastStatusEvent(id: string) {
  return (await ctx.caller.annotation.history({ id })).find((e) => e.type === 'annotation.status');
}

/** Rita writes it and submits it: in review, waiting for an editor. */
async function inReview(fields: Parameters<typeof annotate>[4] = {}, exact = CLAIM.fish) {
  const articleId = await importRiver(ctx);
  const annotation = await annotate(ctx, 'reviewer', articleId, exact, fields);
  return ctx.as('reviewer').annotation.submit({ id: annotation.id });
}

describe('submitting for review', () => {
  it('is the author’s step: draft → in review, recorded with who did it', async () => {
    const articleId = await importRiver(ctx);
    const draft = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    expect(draft).toMatchObject({ status: 'draft', version: 1 });

    const submitted = await ctx.as('reviewer').annotation.submit({ id: draft.id });
    expect(submitted).toMatchObject({ status: 'in_review', version: 2 });
    const event = await lastStatusEvent(draft.id);
    expect(event).toMatchObject({
      actorName: 'Rita Reviewer',
      before: { status: 'draft' },
      after: { status: 'in_review', via: 'submit' },
      sentence: 'Rita Reviewer submitted it for review',
    });

    // A retried submit is not an error and records nothing more.
    const count = (await ctx.caller.annotation.history({ id: draft.id })).length;
    expect(await ctx.as('reviewer').annotation.submit({ id: draft.id })).toMatchObject({ status: 'in_review', version: 2 });
    expect(await ctx.caller.annotation.history({ id: draft.id })).toHaveLength(count);
  });

  it('refuses anyone but the author, editors and admins included', async () => {
    const articleId = await importRiver(ctx);
    const ritas = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    for (const role of ['editor', 'admin'] as const) {
      await expectRefusal(ctx.as(role).annotation.submit({ id: ritas.id }), 'FORBIDDEN', SUBMIT_REFUSAL);
    }
    // Another reviewer of the desk.
    const other = { id: 'user-reviewer-2', name: 'Rob Reviewer', role: 'reviewer' as const, email: 'rob@example.org' };
    await addPeople(ctx.db, [other]);
    await expectRefusal(createCaller(contextFor(ctx.db, other)).annotation.submit({ id: ritas.id }), 'FORBIDDEN', SUBMIT_REFUSAL);
    // Viewers are refused by role before anything else.
    await expectRefusal(ctx.as('viewer').annotation.submit({ id: ritas.id }), 'FORBIDDEN', REFUSALS.reviewer);
    expect(await listed(ritas.id)).toMatchObject({ status: 'draft', version: 1 });
  });

  it('lets editors submit annotations from before accounts, which have no author', async () => {
    const [sample] = await ctx.caller.article.list();
    const [ownerless] = await ctx.caller.annotation.list({ articleId: sample.id });
    expect(ownerless).toMatchObject({ authorId: null, status: 'approved' });
    await ctx.as('editor').annotation.requestChanges({ id: ownerless.id, comment: 'Please add the 2025 figures.' });
    await expectRefusal(ctx.as('reviewer').annotation.submit({ id: ownerless.id }), 'FORBIDDEN', SUBMIT_REFUSAL);
    expect(await ctx.as('editor').annotation.submit({ id: ownerless.id })).toMatchObject({ status: 'in_review' });
  });

  it('takes changes requested back to review, and refuses to resubmit what is approved', async () => {
    const submitted = await inReview();
    await ctx.as('editor').annotation.requestChanges({ id: submitted.id, comment: 'Which stretch?' });
    expect(await ctx.as('reviewer').annotation.submit({ id: submitted.id })).toMatchObject({ status: 'in_review' });
    const approved = await ctx.as('editor').annotation.approve({ id: submitted.id });
    expect(approved.status).toBe('approved');
    await expectRefusal(
      ctx.as('reviewer').annotation.submit({ id: submitted.id }),
      'BAD_REQUEST',
      /This annotation is Approved: it cannot be submitted for review now/,
    );
  });

  it('answers NOT_FOUND for a deleted or unknown annotation', async () => {
    const articleId = await importRiver(ctx);
    const gone = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('reviewer').annotation.delete({ id: gone.id });
    await expectRefusal(ctx.as('reviewer').annotation.submit({ id: gone.id }), 'NOT_FOUND', /does not exist/);
    await expectRefusal(ctx.as('editor').annotation.approve({ id: randomUUID() }), 'NOT_FOUND', /does not exist/);
    await expectRefusal(ctx.as('editor').annotation.requestChanges({ id: randomUUID(), comment: 'x' }), 'NOT_FOUND', /does not exist/);
  });
});

describe('approving', () => {
  it('is done by an editor who is not the author, and recorded as such', async () => {
    const submitted = await inReview();
    const approved = await ctx.as('editor').annotation.approve({ id: submitted.id });
    expect(approved).toMatchObject({ status: 'approved', version: submitted.version + 1, author: 'Rita Reviewer' });
    expect(await lastStatusEvent(submitted.id)).toMatchObject({
      actorName: 'Ed Editor',
      before: { status: 'in_review' },
      after: { status: 'approved', via: 'approve', selfApproved: false },
      sentence: 'Ed Editor approved',
    });
    // Approving again is not an error and records nothing more.
    const count = (await ctx.caller.annotation.history({ id: submitted.id })).length;
    expect(await ctx.caller.annotation.approve({ id: submitted.id })).toMatchObject({ status: 'approved', version: approved.version });
    expect(await ctx.caller.annotation.history({ id: submitted.id })).toHaveLength(count);
  });

  it('admins approve too', async () => {
    const submitted = await inReview();
    expect(await ctx.caller.annotation.approve({ id: submitted.id })).toMatchObject({ status: 'approved' });
    expect(await lastStatusEvent(submitted.id)).toMatchObject({ actorName: 'Ana Reviewer', sentence: 'Ana Reviewer approved' });
  });

  it('refuses reviewers and viewers by role', async () => {
    const submitted = await inReview();
    await expectRefusal(ctx.as('reviewer').annotation.approve({ id: submitted.id }), 'FORBIDDEN', REFUSALS.editor);
    await expectRefusal(ctx.as('viewer').annotation.approve({ id: submitted.id }), 'FORBIDDEN', REFUSALS.editor);
    await expectRefusal(ctx.as(null).annotation.approve({ id: submitted.id }), 'UNAUTHORIZED', /Sign in/);
    expect(await statusOf(submitted.id)).toBe('in_review');
  });

  it('refuses the author’s own annotation, unless the desk allows self-approval; then the history says so', async () => {
    const articleId = await importRiver(ctx);
    const eds = await annotate(ctx, 'editor', articleId, CLAIM.fish);
    await ctx.as('editor').annotation.submit({ id: eds.id });
    await expectRefusal(ctx.as('editor').annotation.approve({ id: eds.id }), 'FORBIDDEN', REVIEW_REFUSAL);
    await expectRefusal(ctx.as('editor').annotation.requestChanges({ id: eds.id, comment: 'Note to self' }), 'FORBIDDEN', REVIEW_REFUSAL);
    expect(await statusOf(eds.id)).toBe('in_review');

    const saved = await saveSettings({ allowSelfApproval: true });
    expect(saved.organisation.allowSelfApproval).toBe(true);
    const approved = await ctx.as('editor').annotation.approve({ id: eds.id });
    expect(approved.status).toBe('approved');
    const event = await lastStatusEvent(eds.id);
    expect(event).toMatchObject({ actorName: 'Ed Editor', after: { via: 'approve', selfApproved: true } });
    expect(event!.sentence).toBe('Ed Editor approved their own annotation (self-approval is allowed on this desk)');

    // Self-approval never lets a reviewer approve.
    const ritas = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    await ctx.as('reviewer').annotation.submit({ id: ritas.id });
    await expectRefusal(ctx.as('reviewer').annotation.approve({ id: ritas.id }), 'FORBIDDEN', REFUSALS.editor);

    // And switched off again, the author is refused again.
    await saveSettings({ allowSelfApproval: false });
    const another = await annotate(ctx, 'editor', articleId, CLAIM.plant);
    await ctx.as('editor').annotation.submit({ id: another.id });
    await expectRefusal(ctx.as('editor').annotation.approve({ id: another.id }), 'FORBIDDEN', REVIEW_REFUSAL);
  });

  it('refuses what is not in review: a draft must be submitted first, changes requested must be resubmitted', async () => {
    const articleId = await importRiver(ctx);
    const draft = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await expectRefusal(
      ctx.as('editor').annotation.approve({ id: draft.id }),
      'BAD_REQUEST',
      'This annotation is Draft: it cannot be approved now',
    );
    await ctx.as('reviewer').annotation.submit({ id: draft.id });
    await ctx.as('editor').annotation.requestChanges({ id: draft.id, comment: 'Add a source' });
    await expectRefusal(
      ctx.as('editor').annotation.approve({ id: draft.id }),
      'BAD_REQUEST',
      'This annotation is Changes requested: it cannot be approved now',
    );
    expect(await statusOf(draft.id)).toBe('changes_requested');
  });

  it('refuses an annotation without a rationale, saying so', async () => {
    const submitted = await inReview({ rationale: '   ' });
    await expectRefusal(ctx.as('editor').annotation.approve({ id: submitted.id }), 'BAD_REQUEST', 'Cannot approve: it has no rationale.');
    expect(await statusOf(submitted.id)).toBe('in_review');
  });

  it('refuses a verdict that needs evidence without any, naming every problem at once', async () => {
    const noEvidence = await inReview({ evidence: [] });
    await expectRefusal(
      ctx.as('editor').annotation.approve({ id: noEvidence.id }),
      'BAD_REQUEST',
      'Cannot approve: its verdict needs at least one evidence link.',
    );
    const neither = await inReview({ evidence: [], rationale: '' }, CLAIM.nitrate);
    await expectRefusal(
      ctx.as('editor').annotation.approve({ id: neither.id }),
      'BAD_REQUEST',
      'Cannot approve: it has no rationale; its verdict needs at least one evidence link.',
    );
  });

  it('accepts Unverifiable and Not a claim without evidence by default; the verdict’s setting changes that', async () => {
    const unverifiable = await inReview({ verdict: 'unverifiable', evidence: [] }, CLAIM.fish);
    const notAClaim = await inReview({ verdict: 'not-a-claim', evidence: [] }, CLAIM.nitrate);
    expect(await ctx.as('editor').annotation.approve({ id: unverifiable.id })).toMatchObject({ status: 'approved' });
    expect(await ctx.as('editor').annotation.approve({ id: notAClaim.id })).toMatchObject({ status: 'approved' });

    await saveSettings({ requiresEvidence: { unverifiable: true, false: false } });
    const strict = await inReview({ verdict: 'unverifiable', evidence: [] }, CLAIM.plant);
    await expectRefusal(
      ctx.as('editor').annotation.approve({ id: strict.id }),
      'BAD_REQUEST',
      /its verdict needs at least one evidence link/,
    );
    const relaxed = await inReview({ verdict: 'false', evidence: [] }, CLAIM.residents);
    expect(await ctx.as('editor').annotation.approve({ id: relaxed.id })).toMatchObject({ status: 'approved' });
  });

  it('refuses an anchor a new revision moved, reworded or lost, until someone confirms or re-attaches it', async () => {
    const articleId = await importRiver(ctx);
    const ids: Record<'fish' | 'nitrate' | 'plant', string> = { fish: '', nitrate: '', plant: '' };
    for (const name of ['fish', 'nitrate', 'plant'] as const) {
      const a = await annotate(ctx, 'reviewer', articleId, CLAIM[name]);
      await ctx.as('reviewer').annotation.submit({ id: a.id });
      ids[name] = a.id;
    }
    const { anchors } = await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    expect(anchors).toEqual({ exact: 0, moved: 1, fuzzy: 1, orphaned: 1 });

    const unconfirmed = 'Cannot approve: it was re-anchored in a new revision: check and confirm its position first.';
    await expectRefusal(ctx.as('editor').annotation.approve({ id: ids.fish }), 'BAD_REQUEST', unconfirmed);
    // "all twelve" became "eleven of twelve": the verdict's question is asked as well.
    await expectRefusal(
      ctx.as('editor').annotation.approve({ id: ids.nitrate }),
      'BAD_REQUEST',
      'Cannot approve: it was re-anchored in a new revision: check and confirm its position first; a number or date in its quote changed in a new revision (now eleven): answer “is the verdict still right?” first.',
    );
    await expectRefusal(
      ctx.as('editor').annotation.approve({ id: ids.plant }),
      'BAD_REQUEST',
      'Cannot approve: its text is not in the current revision: re-attach it first.',
    );

    await ctx.as('reviewer').annotation.confirmAnchor({ id: ids.fish });
    await ctx.as('reviewer').annotation.confirmAnchor({ id: ids.nitrate });
    await keepVerdict(ctx, 'reviewer', ids.nitrate);
    const orphan = await listed(ids.plant);
    await ctx
      .as('reviewer')
      .annotation.reattach({ id: ids.plant, expectedVersion: orphan.version, anchor: await anchorOf(ctx, articleId, CLAIM.residents) });
    for (const id of Object.values(ids))
      expect(await ctx.as('editor').annotation.approve({ id })).toMatchObject({ status: 'approved', anchorStatus: 'exact' });
  });
});

describe('requesting changes', () => {
  it('needs a comment, and changes nothing without one', async () => {
    const submitted = await inReview();
    for (const comment of ['', '   \n ']) {
      await expectRefusal(
        ctx.as('editor').annotation.requestChanges({ id: submitted.id, comment }),
        'BAD_REQUEST',
        /Write a comment first/,
      );
    }
    expect(await statusOf(submitted.id)).toBe('in_review');
    expect(await ctx.caller.comment.list({ annotationId: submitted.id })).toEqual([]);
  });

  it('puts the comment into the discussion and sends it back to the author', async () => {
    const submitted = await inReview();
    const sent = await ctx
      .as('editor')
      .annotation.requestChanges({ id: submitted.id, comment: '  Which stretch of the river? Cite the survey.  ' });
    expect(sent).toMatchObject({ status: 'changes_requested', version: submitted.version + 1 });
    const [comment] = await ctx.as('reviewer').comment.list({ annotationId: submitted.id });
    expect(comment).toMatchObject({
      authorName: 'Ed Editor',
      authorId: 'user-editor',
      body: 'Which stretch of the river? Cite the survey.',
    });
    const history = await ctx.caller.annotation.history({ id: submitted.id });
    expect(history.slice(0, 2).map((e) => e.sentence)).toEqual([
      'Ed Editor requested changes',
      'Ed Editor commented: “Which stretch of the river? Cite the survey.”',
    ]);
    expect(history[0]).toMatchObject({ before: { status: 'in_review' }, after: { status: 'changes_requested', via: 'request_changes' } });

    // The author edits and resubmits; the editor approves.
    const edited = await ctx.as('reviewer').annotation.update({
      id: submitted.id,
      expectedVersion: sent.version,
      verdict: 'mostly-false',
      rationale: 'The 2025 survey found fish in 9 of 12 stretches.',
      evidence: [...EVIDENCE, { url: 'https://example.org/survey-2025', title: 'Survey 2025' }],
    });
    expect(edited.status).toBe('changes_requested');
    await ctx.as('reviewer').annotation.submit({ id: submitted.id });
    expect(await ctx.as('editor').annotation.approve({ id: submitted.id })).toMatchObject({ status: 'approved', verdict: 'mostly-false' });
  });

  it('can send an approved annotation back, but not a draft or one already sent back', async () => {
    const submitted = await inReview();
    await ctx.as('editor').annotation.approve({ id: submitted.id });
    expect(await ctx.caller.annotation.requestChanges({ id: submitted.id, comment: 'The survey was withdrawn.' })).toMatchObject({
      status: 'changes_requested',
    });
    await expectRefusal(
      ctx.caller.annotation.requestChanges({ id: submitted.id, comment: 'again' }),
      'BAD_REQUEST',
      /is Changes requested: it cannot be sent back for changes now/,
    );

    const articleId = await importRiver(ctx);
    const draft = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    await expectRefusal(
      ctx.as('editor').annotation.requestChanges({ id: draft.id, comment: 'Not yet' }),
      'BAD_REQUEST',
      /is Draft: it cannot be sent back for changes now/,
    );
    expect(await ctx.caller.comment.list({ annotationId: draft.id })).toEqual([]);
  });

  it('refuses reviewers and viewers by role', async () => {
    const submitted = await inReview();
    await expectRefusal(ctx.as('reviewer').annotation.requestChanges({ id: submitted.id, comment: 'x' }), 'FORBIDDEN', REFUSALS.editor);
    await expectRefusal(ctx.as('viewer').annotation.requestChanges({ id: submitted.id, comment: 'x' }), 'FORBIDDEN', REFUSALS.editor);
    expect(await ctx.caller.comment.list({ annotationId: submitted.id })).toEqual([]);
  });
});

describe('changing an approved annotation', () => {
  async function approved() {
    const submitted = await inReview({ claimSummary: 'Fish are back everywhere' });
    return ctx.as('editor').annotation.approve({ id: submitted.id });
  }
  const fieldsOf = (a: Awaited<ReturnType<typeof approved>>) => ({
    id: a.id,
    expectedVersion: a.version,
    verdict: a.verdict,
    rationale: a.rationale,
    evidence: a.evidence,
    claimSummary: a.claimSummary,
    claimAuthor: a.claimAuthor,
    claimAppearanceUrl: a.claimAppearanceUrl,
    claimAppearanceDate: a.claimAppearanceDate,
  });

  const CHANGES: [string, Record<string, unknown>][] = [
    ['verdict', { verdict: 'mostly-false' }],
    ['rationale', { rationale: 'A different reason.' }],
    ['evidence', { evidence: [{ url: 'https://example.org/other', title: 'Other' }] }],
    ['evidence title', { evidence: [{ ...EVIDENCE[0], title: 'Renamed' }] }],
    ['claimSummary', { claimSummary: 'Fish are back' }],
    ['claimAuthor', { claimAuthor: 'The mayor' }],
    ['claimAppearanceUrl', { claimAppearanceUrl: 'https://example.org/speech' }],
    ['claimAppearanceDate', { claimAppearanceDate: '2026-05-01' }],
  ];

  it.each(CHANGES)('sends it back to review when its %s changes, saying why', async (_field, change) => {
    const a = await approved();
    const updated = await ctx.as('reviewer').annotation.update({ ...fieldsOf(a), ...change });
    expect(updated).toMatchObject({ status: 'in_review', version: a.version + 1 });
    const [statusEvent, updateEvent] = await ctx.caller.annotation.history({ id: a.id });
    expect(updateEvent.type).toBe('annotation.updated');
    expect(statusEvent).toMatchObject({
      type: 'annotation.status',
      actorName: 'Rita Reviewer',
      before: { status: 'approved' },
      after: { status: 'in_review', via: 'edit' },
      sentence: 'Rita Reviewer changed an approved annotation: back to In review',
    });
  });

  it('keeps it approved when a save changes nothing', async () => {
    const a = await approved();
    const before = await ctx.caller.annotation.history({ id: a.id });
    const same = await ctx.as('reviewer').annotation.update(fieldsOf(a));
    expect(same).toMatchObject({ status: 'approved', version: a.version });
    // Whitespace the form trims away is no change either.
    await ctx.as('editor').annotation.update({ ...fieldsOf(a), claimSummary: `  ${a.claimSummary} ` });
    expect(await listed(a.id)).toMatchObject({ status: 'approved', version: a.version });
    expect(await ctx.caller.annotation.history({ id: a.id })).toEqual(before);
  });

  it('leaves the status of a draft or an annotation in review alone when it changes', async () => {
    const articleId = await importRiver(ctx);
    const draft = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    expect(await ctx.as('reviewer').annotation.update({ ...fieldsOf({ ...draft }), verdict: 'true' })).toMatchObject({ status: 'draft' });
    const submitted = await inReview({}, CLAIM.nitrate);
    expect(await ctx.as('editor').annotation.update({ ...fieldsOf(submitted), rationale: 'Sharper' })).toMatchObject({
      status: 'in_review',
    });
  });
});

describe('re-anchoring and imports send approved annotations back to review', () => {
  async function approvedOnRiver() {
    const articleId = await importRiver(ctx);
    const ids = { fish: '', nitrate: '', survey: '' };
    for (const name of ['fish', 'nitrate', 'survey'] as const) {
      const a = await annotate(ctx, 'reviewer', articleId, CLAIM[name]);
      await signOff(ctx.as, a.id, 'reviewer');
      ids[name] = a.id;
    }
    return { articleId, ids };
  }

  it('keeps the approved quote beside the new one, records both, and stops publishing it', async () => {
    const { articleId, ids } = await approvedOnRiver();
    const published = async () => (await ctx.caller.export.json({ articleId })).notes.map((n) => n.id);
    expect((await published()).sort()).toEqual(Object.values(ids).sort());

    await ctx.as('reviewer').article.update({ articleId, text: RIVER_REVISED });
    const fuzzy = await listed(ids.nitrate);
    const moved = await listed(ids.fish);
    expect(fuzzy).toMatchObject({ anchorStatus: 'fuzzy', status: 'in_review', previousExact: CLAIM.nitrate });
    expect(fuzzy.exact).not.toBe(CLAIM.nitrate);
    expect(fuzzy.exact).toMatch(/at eleven of twelve stations/);
    expect(moved).toMatchObject({ anchorStatus: 'moved', status: 'in_review', previousExact: CLAIM.fish, exact: CLAIM.fish });
    // The sentence that did not change stays approved and published.
    expect(await listed(ids.survey)).toMatchObject({ anchorStatus: 'exact', status: 'approved', previousExact: null });
    expect(await published()).toEqual([ids.survey]);

    const [status, reanchored] = await ctx.caller.annotation.history({ id: ids.nitrate });
    expect(status).toMatchObject({
      type: 'annotation.status',
      actorName: 'Rita Reviewer',
      after: { status: 'in_review', via: 'reanchor', revision: 2 },
      sentence: 'Back to In review: its text changed in a new revision',
    });
    expect(reanchored).toMatchObject({
      type: 'annotation.reanchored',
      before: { exact: CLAIM.nitrate, anchorStatus: 'exact' },
      after: { exact: fuzzy.exact, anchorStatus: 'fuzzy', revision: 2 },
    });
    expect(reanchored.sentence).toMatch(
      /^Revision 2: re-anchored as fuzzy \(\d{2}%\): “nitrate levels below .*” → “nitrate levels below .*”; is the verdict still right\?$/,
    );
    const movedEvent = (await ctx.caller.annotation.history({ id: ids.fish })).find((e) => e.type === 'annotation.reanchored')!;
    expect(movedEvent).toMatchObject({ before: { exact: CLAIM.fish }, after: { exact: CLAIM.fish, anchorStatus: 'moved' } });
    expect(movedEvent.sentence).toBe(`Revision 2: re-anchored as moved: “${CLAIM.fish}” → “${CLAIM.fish}”`);

    // Confirming the new place clears the old quote; then it can be approved again, and is published again.
    const confirmed = await ctx.as('reviewer').annotation.confirmAnchor({ id: ids.nitrate });
    expect(confirmed).toMatchObject({ anchorStatus: 'exact', previousExact: null, status: 'in_review' });
    const confirmEvent = (await ctx.caller.annotation.history({ id: ids.nitrate }))[0];
    expect(confirmEvent).toMatchObject({
      type: 'annotation.anchor_confirmed',
      before: { exact: CLAIM.nitrate, anchorStatus: 'fuzzy' },
      after: { exact: fuzzy.exact },
    });
    // "all twelve" became "eleven of twelve": whether the verdict still holds is asked before it can be approved.
    await expectRefusal(ctx.as('editor').annotation.approve({ id: ids.nitrate }), 'BAD_REQUEST', /is the verdict still right/);
    await ctx.as('reviewer').annotation.answerVerdictQuestion({ id: ids.nitrate, expectedVersion: confirmed.version, answer: 'keep' });
    expect(await ctx.as('editor').annotation.approve({ id: ids.nitrate })).toMatchObject({ status: 'approved' });
    expect((await published()).sort()).toEqual([ids.nitrate, ids.survey].sort());
  });

  it('keeps an unconfirmed anchor unconfirmed through a later revision that only shifts it', async () => {
    const { articleId, ids } = await approvedOnRiver();
    await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    // Revision 3 adds a paragraph before everything: each quote is found intact, only its offset moves.
    const [title, ...rest] = RIVER_REVISED.split('\n\n');
    await ctx.caller.article.update({ articleId, text: [title, 'An editor’s note opens the article now.', ...rest].join('\n\n') });
    for (const [id, previous] of [
      [ids.nitrate, CLAIM.nitrate],
      [ids.fish, CLAIM.fish],
    ] as const) {
      const a = await listed(id);
      expect(a.previousExact, a.exact).toBe(previous);
      expect(a.anchorStatus, a.exact).not.toBe('exact');
      expect(a.status).toBe('in_review');
      await expectRefusal(ctx.as('editor').annotation.approve({ id }), 'BAD_REQUEST', /confirm its position first/);
    }
  });

  it('sends an orphaned annotation back to review and never publishes it', async () => {
    const articleId = await importRiver(ctx);
    const plant = await annotate(ctx, 'reviewer', articleId, CLAIM.plant);
    await signOff(ctx.as, plant.id, 'reviewer');
    await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    expect(await listed(plant.id)).toMatchObject({ anchorStatus: 'orphaned', status: 'in_review', exact: CLAIM.plant });
    const [status, reanchored] = await ctx.caller.annotation.history({ id: plant.id });
    expect(status.after).toMatchObject({ via: 'reanchor', status: 'in_review' });
    expect(reanchored.sentence).toBe(`Revision 2: its text “${CLAIM.plant}” is gone; it needs re-anchoring`);
    expect((await ctx.caller.export.json({ articleId, includeDrafts: true })).notes).toEqual([]);
  });

  it('counts only annotations that are not deleted in the revision summary', async () => {
    const articleId = await importRiver(ctx);
    const kept = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    const deleted = await annotate(ctx, 'reviewer', articleId, CLAIM.plant);
    const deletedApproved = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await signOff(ctx.as, deletedApproved.id, 'reviewer');
    await ctx.as('reviewer').annotation.delete({ id: deleted.id });
    await ctx.as('reviewer').annotation.delete({ id: deletedApproved.id });
    const { anchors } = await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    expect(anchors).toEqual({ exact: 0, moved: 0, fuzzy: 1, orphaned: 0 });
    const saved = (await ctx.caller.article.history({ id: articleId })).find((e) => e.type === 'article.revision_saved')!;
    expect(saved.after).toMatchObject({ number: 2, counts: { exact: 0, moved: 0, fuzzy: 1, orphaned: 0 } });
    expect(saved.sentence).toBe('Ana Reviewer saved revision 2: 0 unchanged, 0 moved, 1 fuzzy, 0 need re-anchoring');
    // Deleted annotations get no re-anchoring entries of their own.
    for (const id of [deleted.id, deletedApproved.id]) {
      expect((await ctx.caller.annotation.history({ id })).map((e) => e.type)).not.toContain('annotation.reanchored');
    }
    expect((await listed(kept.id)).anchorStatus).toBe('fuzzy');
  });

  it('does not publish an approved annotation that was re-anchored while deleted and then restored', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    await signOff(ctx.as, a.id, 'reviewer');
    await ctx.as('reviewer').annotation.delete({ id: a.id });
    await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    const restored = await ctx.as('reviewer').annotation.restore({ id: a.id });
    expect(restored).toMatchObject({ anchorStatus: 'fuzzy', previousExact: CLAIM.nitrate });
    expect(restored.status).toBe('in_review');
    expect((await ctx.caller.export.json({ articleId })).notes).toEqual([]);
    const [status, entry] = await ctx.caller.annotation.history({ id: a.id });
    expect(entry).toMatchObject({ type: 'annotation.restored', sentence: 'Rita Reviewer restored it' });
    expect(status).toMatchObject({
      type: 'annotation.status',
      before: { status: 'approved' },
      after: { status: 'in_review', via: 'reanchor' },
      sentence: 'Back to In review: its text changed in a new revision',
    });
    // It is approved again like any other: confirm the new place, then sign off.
    await ctx.as('reviewer').annotation.confirmAnchor({ id: a.id });
    await keepVerdict(ctx, 'reviewer', a.id);
    expect(await ctx.as('editor').annotation.approve({ id: a.id })).toMatchObject({ status: 'approved' });
  });

  it('restores a deleted approved annotation whose text did not change as approved', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.survey);
    await signOff(ctx.as, a.id, 'reviewer');
    await ctx.as('reviewer').annotation.delete({ id: a.id });
    await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    expect(await ctx.as('reviewer').annotation.restore({ id: a.id })).toMatchObject({ status: 'approved', anchorStatus: 'exact' });
    expect((await ctx.caller.export.json({ articleId })).notes.map((n) => n.id)).toEqual([a.id]);
  });

  it('sends an approved annotation re-attached to other words back to review', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    const approved = await signOff(ctx.as, a.id, 'reviewer');
    const moved = await ctx
      .as('reviewer')
      .annotation.reattach({ id: a.id, expectedVersion: approved.version, anchor: await anchorOf(ctx, articleId, CLAIM.residents) });
    expect(moved).toMatchObject({ exact: CLAIM.residents, status: 'in_review' });
    expect((await ctx.caller.export.json({ articleId })).notes).toEqual([]);
    const [status, reattached] = await ctx.caller.annotation.history({ id: a.id });
    expect(reattached).toMatchObject({
      type: 'annotation.reattached',
      sentence: `Rita Reviewer re-attached it: ${shortQuote(CLAIM.nitrate)} → ${shortQuote(CLAIM.residents)}`,
    });
    expect(status).toMatchObject({
      type: 'annotation.status',
      before: { status: 'approved' },
      after: { status: 'in_review', via: 'edit' },
    });
    expect(await ctx.as('editor').annotation.approve({ id: a.id })).toMatchObject({ status: 'approved', exact: CLAIM.residents });
  });

  it('keeps an approved annotation approved when re-attached to exactly where it is', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    const approved = await signOff(ctx.as, a.id, 'reviewer');
    const same = await ctx
      .as('reviewer')
      .annotation.reattach({ id: a.id, expectedVersion: approved.version, anchor: await anchorOf(ctx, articleId, CLAIM.nitrate) });
    expect(same).toMatchObject({ status: 'approved', exact: CLAIM.nitrate });
  });

  it('imports what another desk approved (or marked final) as in review here', async () => {
    const { articleId } = await approvedOnRiver();
    const file = JSON.parse(JSON.stringify(await exportWebAnnotations(ctx.db, articleId, 'https://elsewhere.example')));
    const items = file.first.items as Record<string, unknown>[];
    expect(items.map((i) => i['factcheck:status'])).toEqual(['approved', 'approved', 'approved']);
    items[1]['factcheck:status'] = 'final';
    items[2]['factcheck:status'] = 'draft';

    const copy = await importRiver(ctx);
    const result = await ctx.as('reviewer').annotation.importCollection({ articleId: copy, collection: file });
    expect(result.imported).toBe(3);
    const list = await ctx.caller.annotation.list({ articleId: copy });
    expect(list.map((a) => a.status)).toEqual(['in_review', 'in_review', 'draft']);
    expect((await ctx.caller.export.json({ articleId: copy })).notes).toEqual([]);

    const history = await ctx.caller.annotation.history({ id: list[1].id });
    expect(history.map((e) => e.type)).toEqual(['annotation.status', 'annotation.imported']);
    expect(history[0]).toMatchObject({
      actorName: 'Rita Reviewer',
      before: { status: 'final' },
      after: { status: 'in_review', via: 'import' },
    });
    expect(history[0].sentence).toBe('Imported as approved elsewhere: In review here until an editor approves it');
    expect(history[1].sentence).toMatch(/^Rita Reviewer imported “.+” as False$/);
    // Already in review: an editor of this desk approves it as it is.
    expect(await ctx.as('editor').annotation.approve({ id: list[0].id })).toMatchObject({ status: 'approved' });
    expect((await ctx.caller.annotation.history({ id: list[2].id })).map((e) => e.type)).toEqual(['annotation.imported']);
  });
});
