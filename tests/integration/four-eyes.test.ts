// Four eyes on the final text (issue 22): an editor who changed what an
// annotation publishes since it was submitted cannot approve it; someone else
// must read the change first. The desk's self-approval setting is the one
// exception, and the history marks it.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/server/domain/roles';
import { OWN_CHANGE_REFUSAL, REVIEW_REFUSAL } from '@/server/domain/workflow';
import { AppError } from '@/server/errors';
import { appRouter, createCaller } from '@/server/routers/_app';
import { addPeople, contextFor, freshCaller, PEOPLE } from './helpers';
import { anchorOf, annotate, CLAIM, expectRefusal, importRiver, RIVER_REVISED, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
  await addPeople(ctx.db, [SECOND_EDITOR]);
});
afterEach(() => ctx.cleanup());

const SECOND_EDITOR: Actor & { email: string } = { id: 'user-editor-2', name: 'Eve Editor', role: 'editor', email: 'eve@example.org' };
const eve = () => createCaller(contextFor(ctx.db, SECOND_EDITOR));

/** Rita writes it and submits it: in review, waiting for an editor. */
async function submitted(exact = CLAIM.fish) {
  const articleId = await importRiver(ctx);
  const annotation = await annotate(ctx, 'reviewer', articleId, exact);
  return { articleId, annotation: await ctx.as('reviewer').annotation.submit({ id: annotation.id }) };
}

function edit(a: Awaited<ReturnType<typeof submitted>>['annotation'], change: { rationale?: string; verdict?: string }) {
  return {
    id: a.id,
    expectedVersion: a.version,
    verdict: change.verdict ?? a.verdict,
    rationale: change.rationale ?? a.rationale,
    evidence: a.evidence,
    claimSummary: a.claimSummary,
    claimAuthor: a.claimAuthor,
    claimAppearanceUrl: a.claimAppearanceUrl,
    claimAppearanceDate: a.claimAppearanceDate,
  };
}

async function saveSelfApproval(allowSelfApproval: boolean) {
  const { verdicts } = await ctx.caller.settings.get();
  await ctx.caller.settings.save({
    organisation: { name: 'River Desk', url: 'https://riverdesk.example', logoUrl: null, allowSelfApproval },
    verdicts: verdicts.map(({ key, label, colour, icon, rating, requiresEvidence }) => ({
      key,
      label,
      colour,
      icon,
      rating,
      requiresEvidence,
    })),
  });
}

// The first test pays for the cold start (imports, the import worker) on a busy machine.
describe('an editor who changed the text since submission', { timeout: 30_000 }, () => {
  it('cannot approve it (the reproduction: reviewer submits, editor edits the rationale, editor approves); a second editor can', async () => {
    const { annotation } = await submitted();
    const edited = await ctx.as('editor').annotation.update(edit(annotation, { rationale: 'The agency’s 2025 survey says otherwise.' }));
    expect(edited.status).toBe('in_review');

    const refused = await expectRefusal(ctx.as('editor').annotation.approve({ id: annotation.id }), 'FORBIDDEN', OWN_CHANGE_REFUSAL);
    expect((refused.cause as AppError).reason).toBe('own_change');
    expect((await ctx.caller.annotation.list({ articleId: annotation.articleId })).find((a) => a.id === annotation.id)?.status).toBe(
      'in_review',
    );

    expect(await eve().annotation.approve({ id: annotation.id })).toMatchObject({ status: 'approved' });
    // The history says who changed what and who approved it.
    const sentences = (await ctx.caller.annotation.history({ id: annotation.id })).map((e) => e.sentence);
    expect(sentences.slice(0, 3)).toEqual([
      'Eve Editor approved',
      'Ed Editor changed the rationale',
      'Rita Reviewer submitted it for review',
    ]);
  });

  it('is refused for any published field: the verdict, and the quote when re-attached', async () => {
    const { annotation } = await submitted();
    await ctx.as('editor').annotation.update(edit(annotation, { verdict: 'mostly-false' }));
    await expectRefusal(ctx.as('editor').annotation.approve({ id: annotation.id }), 'FORBIDDEN', OWN_CHANGE_REFUSAL);

    const other = await submitted(CLAIM.nitrate);
    await ctx.as('editor').annotation.reattach({
      id: other.annotation.id,
      expectedVersion: other.annotation.version,
      anchor: await anchorOf(ctx, other.articleId, CLAIM.plant),
    });
    await expectRefusal(ctx.as('editor').annotation.approve({ id: other.annotation.id }), 'FORBIDDEN', OWN_CHANGE_REFUSAL);
    expect(await eve().annotation.approve({ id: other.annotation.id })).toMatchObject({ status: 'approved' });
  });

  it('is refused again after changing an approved annotation, which sent it back to review', async () => {
    const { annotation } = await submitted();
    const approved = await ctx.as('editor').annotation.approve({ id: annotation.id });
    const changed = await eve().annotation.update(edit(approved, { rationale: 'A sharper reason.' }));
    expect(changed.status).toBe('in_review');
    await expectRefusal(eve().annotation.approve({ id: annotation.id }), 'FORBIDDEN', OWN_CHANGE_REFUSAL);
    expect(await ctx.as('editor').annotation.approve({ id: annotation.id })).toMatchObject({ status: 'approved' });
  });

  it('may still approve when the author changed it after them: the last hand on each field counts', async () => {
    const { annotation } = await submitted();
    const byEd = await ctx.as('editor').annotation.update(edit(annotation, { rationale: 'Ed’s wording.' }));
    await ctx.as('reviewer').annotation.update(edit(byEd, { rationale: 'Rita’s wording again.' }));
    expect(await ctx.as('editor').annotation.approve({ id: annotation.id })).toMatchObject({ status: 'approved' });
  });

  it('is not barred by a change made before the submission: the submitter took it on', async () => {
    const articleId = await importRiver(ctx);
    const draft = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('editor').annotation.update(edit(draft, { rationale: 'Ed suggests this wording.' }));
    await ctx.as('reviewer').annotation.submit({ id: draft.id });
    expect(await ctx.as('editor').annotation.approve({ id: draft.id })).toMatchObject({ status: 'approved' });
  });

  it('may confirm where a revision moved the quote and approve: confirming changes no words', async () => {
    const { articleId, annotation } = await submitted();
    await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    await ctx.as('editor').annotation.confirmAnchor({ id: annotation.id });
    expect(await ctx.as('editor').annotation.approve({ id: annotation.id })).toMatchObject({ status: 'approved', anchorStatus: 'exact' });
  });

  it('can still request changes', async () => {
    const { annotation } = await submitted();
    await ctx.as('editor').annotation.update(edit(annotation, { rationale: 'Half done.' }));
    expect(await ctx.as('editor').annotation.requestChanges({ id: annotation.id, comment: 'Rita, please finish this.' })).toMatchObject({
      status: 'changes_requested',
    });
  });
});

describe('with self-approval allowed', () => {
  it('lets the editor approve their own change, and the history marks it', async () => {
    const { annotation } = await submitted();
    await ctx.as('editor').annotation.update(edit(annotation, { rationale: 'Ed’s wording.' }));
    await saveSelfApproval(true);
    expect(await ctx.as('editor').annotation.approve({ id: annotation.id })).toMatchObject({ status: 'approved' });
    const [event] = await ctx.caller.annotation.history({ id: annotation.id });
    expect(event).toMatchObject({
      actorName: 'Ed Editor',
      after: { status: 'approved', via: 'approve', selfApproved: true, ownChange: true },
      sentence: 'Ed Editor approved their own changes to it (self-approval is allowed on this desk)',
    });
  });
});

describe('the refusal over HTTP', () => {
  async function approveOverHttp(id: string, as: Actor | null) {
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://localhost:3000/api/trpc/annotation.approve', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id }),
      }),
      router: appRouter,
      createContext: () => contextFor(ctx.db, as),
    });
    return { status: response.status, error: (await response.json()).error };
  }

  it('carries the reason code in the error data, beside the sentence people read', async () => {
    const { annotation } = await submitted();
    await ctx.as('editor').annotation.update(edit(annotation, { rationale: 'Ed’s wording.' }));
    const { status, error } = await approveOverHttp(annotation.id, PEOPLE.editor);
    expect(status).toBe(403);
    expect(error.message).toBe(OWN_CHANGE_REFUSAL);
    expect(error.data).toMatchObject({ code: 'FORBIDDEN', reason: 'own_change' });

    const rita = await approveOverHttp(annotation.id, PEOPLE.reviewer);
    expect(rita.error.data).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
    expect((await approveOverHttp(annotation.id, null)).error.data).toMatchObject({ code: 'UNAUTHORIZED', reason: 'sign_in_required' });
    expect((await approveOverHttp('', PEOPLE.editor)).error.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid_input' });
  });

  it('says own_annotation for the author', async () => {
    const articleId = await importRiver(ctx);
    const eds = await annotate(ctx, 'editor', articleId, CLAIM.fish);
    await ctx.as('editor').annotation.submit({ id: eds.id });
    const { error } = await approveOverHttp(eds.id, PEOPLE.editor);
    expect(error.message).toBe(REVIEW_REFUSAL);
    expect(error.data.reason).toBe('own_annotation');
  });
});
