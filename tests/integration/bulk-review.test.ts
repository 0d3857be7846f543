// Several annotations at once: each one by the single step's rules, in its own
// transaction, with one history entry each; the refused ones named with the
// reason the single step would have given.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshCaller, PEOPLE, sqlGet } from './helpers';
import { annotate, CLAIM, importRiver, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const statusEvents = async (id: string) =>
  (await sqlGet(ctx.db, "SELECT count(*) AS n FROM events WHERE annotation_id = ? AND type = 'annotation.status'", id)) as {
    n: number;
  };

/** Four complete drafts by the reviewer and one with no evidence. */
async function fiveDrafts() {
  const articleId = await importRiver(ctx);
  const complete = await Promise.all(
    [CLAIM.fish, CLAIM.nitrate, CLAIM.plant, CLAIM.residents].map((exact) => annotate(ctx, 'reviewer', articleId, exact)),
  );
  const bare = await annotate(ctx, 'reviewer', articleId, CLAIM.survey, { evidence: [] });
  return { articleId, ids: [...complete.map((a) => a.id), bare.id], bare: bare.id };
}

describe('submitting several', () => {
  it('submits the author’s own and names the ones that are not theirs', async () => {
    const { ids, articleId } = await fiveDrafts();
    const others = await annotate(ctx, 'admin', articleId, CLAIM.fish);
    const outcome = await ctx.as('reviewer').annotation.submitMany({ ids: [...ids, others.id] });
    expect(outcome.done.map((a) => [a.id, a.status])).toEqual(ids.map((id) => [id, 'in_review']));
    expect(outcome.refused).toEqual([{ id: others.id, reason: 'not_author', message: expect.stringMatching(/Only the author/) }]);
    for (const id of ids) expect((await statusEvents(id)).n).toBe(1);
    expect((await statusEvents(others.id)).n).toBe(0);
  });
});

describe('approving several', () => {
  it('approves what may be approved, one history entry each, and names the one without evidence', async () => {
    const { ids, bare } = await fiveDrafts();
    await ctx.as('reviewer').annotation.submitMany({ ids });
    const outcome = await ctx.as('editor').annotation.approveMany({ ids });
    expect(outcome.done.map((a) => a.status)).toEqual(['approved', 'approved', 'approved', 'approved']);
    expect(outcome.done.map((a) => a.id)).toEqual(ids.filter((id) => id !== bare));
    expect(outcome.refused).toEqual([
      { id: bare, reason: 'not_approvable', message: 'Cannot approve: its verdict needs at least one evidence link.' },
    ]);
    // Submitted, then approved: two status entries for each approved one; the refused one only its submission.
    for (const id of ids) expect((await statusEvents(id)).n).toBe(id === bare ? 1 : 2);
    const history = await ctx.caller.annotation.history({ id: ids[0] });
    expect(history.filter((e) => e.type === 'annotation.status')[0]).toMatchObject({
      actorName: PEOPLE.editor.name,
      sentence: 'Ed Editor approved',
    });
  });

  it('refuses an editor their own annotations, by the four-eyes rule, and a draft for its status', async () => {
    const articleId = await importRiver(ctx);
    const own = await annotate(ctx, 'editor', articleId, CLAIM.fish);
    await ctx.as('editor').annotation.submit({ id: own.id });
    const draft = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    const missing = randomUUID();
    const outcome = await ctx.as('editor').annotation.approveMany({ ids: [own.id, draft.id, missing] });
    expect(outcome.done).toEqual([]);
    expect(outcome.refused.map((r) => [r.id, r.reason])).toEqual([
      [own.id, 'own_annotation'],
      [draft.id, 'wrong_status'],
      [missing, 'not_found'],
    ]);
  });

  it('is an editor’s step, and checks its input', async () => {
    const { ids } = await fiveDrafts();
    await expect(ctx.as('reviewer').annotation.approveMany({ ids })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(ctx.as('editor').annotation.approveMany({ ids: [] })).rejects.toThrow(/Select at least one annotation/);
    await expect(ctx.as('editor').annotation.approveMany({ ids: ['not-a-uuid'] })).rejects.toThrow(/UUID/);
  });

  it('asks once for an annotation listed twice', async () => {
    const { ids } = await fiveDrafts();
    await ctx.as('reviewer').annotation.submitMany({ ids });
    const outcome = await ctx.as('editor').annotation.approveMany({ ids: [ids[0], ids[0]] });
    expect(outcome).toEqual({ done: [expect.objectContaining({ id: ids[0] })], refused: [] });
  });
});

describe('assigning several', () => {
  it('assigns each to the person, and lists what the assigner may not do', async () => {
    const { ids } = await fiveDrafts();
    const outcome = await ctx.as('editor').queue.assignMany({ ids: ids.slice(0, 2), assigneeId: PEOPLE.reviewer.id });
    expect(outcome.done).toEqual(ids.slice(0, 2).map((id) => ({ id, assignee: { id: PEOPLE.reviewer.id, name: PEOPLE.reviewer.name } })));
    const events = (await sqlGet(ctx.db, "SELECT count(*) AS n FROM events WHERE type = 'annotation.assigned'")) as { n: number };
    expect(events.n).toBe(2);
    // A reviewer may not hand work to someone else: every one refused, with the role as reason.
    const refused = await ctx.as('reviewer').queue.assignMany({ ids: ids.slice(2), assigneeId: PEOPLE.editor.id });
    expect(refused.done).toEqual([]);
    expect(refused.refused.map((r) => r.reason)).toEqual(['role', 'role', 'role']);
    // Nobody who may not annotate is assigned: the viewer is refused for each.
    const viewer = await ctx.as('editor').queue.assignMany({ ids: ids.slice(2, 3), assigneeId: PEOPLE.viewer.id });
    expect(viewer.refused).toEqual([{ id: ids[2], reason: 'invalid_input', message: expect.stringMatching(/can be assigned/) }]);
  });
});
