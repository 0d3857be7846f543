// Re-checking after a revision: a quote whose words changed carries "is the
// verdict still right?" until someone answers it, approval waits for the
// answer, and the history records the question and the answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '@/server/errors';
import { NO_QUESTION } from '@/server/services/verdict-question';
import { signOff } from './helpers';
import { annotate, expectRefusal, type TestDesk } from './river-desk';
import { freshCaller } from './helpers';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const TITLE = 'Harbour authority disputes the ferry figures';
const DATED = 'The Harbour Courier reported on Jan. 6 that the ferry carried 1.2 million passengers last year.';
const WORDED = 'Officials said the new timetable starts next spring, after the works on the pier.';
const STILL = 'The mayor praised the crews for their work through the winter storms.';
const ARTICLE = [TITLE, DATED, WORDED, STILL].join('\n\n');

/** One day earlier in the first claim, one word other in the second, the third untouched. */
const REVISED = [TITLE, DATED.replace('Jan. 6', 'Jan. 5'), WORDED.replace('the new timetable', 'the revised timetable'), STILL].join(
  '\n\n',
);

const CLAIMS = {
  dated: 'reported on Jan. 6 that the ferry carried 1.2 million passengers',
  worded: 'the new timetable starts next spring',
  still: 'The mayor praised the crews',
};

/** The three claims, written by Rita and approved by Ed, then the revision. */
async function approvedThenRevised() {
  const { id: articleId } = await ctx.caller.article.import({ text: ARTICLE });
  const ids = { dated: '', worded: '', still: '' };
  for (const name of ['dated', 'worded', 'still'] as const) {
    const a = await annotate(ctx, 'reviewer', articleId, CLAIMS[name]);
    await signOff(ctx.as, a.id, 'reviewer');
    ids[name] = a.id;
  }
  await ctx.as('reviewer').article.update({ articleId, text: REVISED });
  const view = async (id: string) => (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === id)!;
  return { articleId, ids, view };
}

describe('a revision that changes the words under an annotation', () => {
  it('asks whether the verdict still holds when a date changed, and refuses approval until someone answers', async () => {
    const { ids, view } = await approvedThenRevised();
    const dated = await view(ids.dated);
    expect(dated).toMatchObject({ status: 'in_review', anchorStatus: 'fuzzy', recheckQuote: CLAIMS.dated });
    expect(dated.exact).toBe(CLAIMS.dated.replace('Jan. 6', 'Jan. 5'));
    const reanchored = (await ctx.caller.annotation.history({ id: ids.dated })).find((e) => e.type === 'annotation.reanchored')!;
    expect(reanchored.after).toMatchObject({ verdictQuestion: true });
    expect(reanchored.sentence).toMatch(/; is the verdict still right\?$/);

    // Confirming where it landed is not enough: the date under the verdict changed.
    await ctx.as('reviewer').annotation.confirmAnchor({ id: ids.dated });
    const refused = await expectRefusal(
      ctx.as('editor').annotation.approve({ id: ids.dated }),
      'BAD_REQUEST',
      'Cannot approve: a number or date in its quote changed in a new revision (6 → 5): answer “is the verdict still right?” first.',
    );
    expect((refused.cause as AppError).reason).toBe('verdict_unconfirmed');

    const confirmed = await view(ids.dated);
    const answered = await ctx.as('reviewer').annotation.answerVerdictQuestion({
      id: ids.dated,
      expectedVersion: confirmed.version,
      answer: 'keep',
    });
    expect(answered).toMatchObject({ recheckQuote: null, verdict: 'false', status: 'in_review' });
    const [entry] = await ctx.caller.annotation.history({ id: ids.dated });
    expect(entry).toMatchObject({
      type: 'annotation.verdict_reconsidered',
      actorName: 'Rita Reviewer',
      before: { exact: CLAIMS.dated, verdict: 'false' },
      after: { answer: 'keep', verdict: 'false' },
      sentence:
        'Rita Reviewer reconsidered the verdict after the quote changed to “reported on Jan. 5 that the ferry carried 1.2 million passengers”: False still holds',
    });
    expect(await ctx.as('editor').annotation.approve({ id: ids.dated })).toMatchObject({ status: 'approved' });
  });

  it('asks too when only words changed, and a changed verdict is an edit the history and the four-eyes rule see', async () => {
    const { ids, view } = await approvedThenRevised();
    const worded = await view(ids.worded);
    expect(worded.recheckQuote).toBe(CLAIMS.worded);
    expect(worded.exact).toMatch(/revised timetable starts next spring$/);
    await ctx.as('reviewer').annotation.confirmAnchor({ id: ids.worded });
    const refused = await expectRefusal(
      ctx.as('editor').annotation.approve({ id: ids.worded }),
      'BAD_REQUEST',
      'Cannot approve: the words of its quote changed in a new revision: answer “is the verdict still right?” first.',
    );
    expect((refused.cause as AppError).reason).toBe('verdict_unconfirmed');

    const { version } = await view(ids.worded);
    await expectRefusal(
      ctx.as('editor').annotation.answerVerdictQuestion({ id: ids.worded, expectedVersion: version, answer: 'change', verdict: 'false' }),
      'BAD_REQUEST',
      /Choose another verdict/,
    );
    await expectRefusal(
      ctx.as('editor').annotation.answerVerdictQuestion({ id: ids.worded, expectedVersion: version - 1, answer: 'keep' }),
      'CONFLICT',
      /changed by someone else/,
    );
    const changed = await ctx.as('editor').annotation.answerVerdictQuestion({
      id: ids.worded,
      expectedVersion: version,
      answer: 'change',
      verdict: 'mostly-true',
    });
    expect(changed).toMatchObject({ verdict: 'mostly-true', recheckQuote: null, updatedBy: 'Ed Editor' });
    const [answer, edit] = await ctx.caller.annotation.history({ id: ids.worded });
    expect(edit).toMatchObject({ type: 'annotation.updated', before: { verdict: 'false' }, after: { verdict: 'mostly-true' } });
    expect(answer.sentence).toBe(
      `Ed Editor reconsidered the verdict after the quote changed to “${worded.exact}”: changed it from False to Mostly true`,
    );
    // Ed changed the verdict: another editor approves it.
    await expectRefusal(ctx.as('editor').annotation.approve({ id: ids.worded }), 'FORBIDDEN', /another editor or admin must approve it/);
    expect(await ctx.as('admin').annotation.approve({ id: ids.worded })).toMatchObject({ status: 'approved', verdict: 'mostly-true' });
  });

  it('asks nothing when the words did not change, and refuses an answer to no question', async () => {
    const { ids, view } = await approvedThenRevised();
    const still = await view(ids.still);
    expect(still).toMatchObject({ status: 'approved', anchorStatus: 'exact', recheckQuote: null });
    await expectRefusal(
      ctx.as('reviewer').annotation.answerVerdictQuestion({ id: ids.still, expectedVersion: still.version, answer: 'keep' }),
      'BAD_REQUEST',
      NO_QUESTION,
    );
  });

  it('keeps the quote the verdict was given on through a later revision, until the question is answered', async () => {
    const { articleId, ids, view } = await approvedThenRevised();
    await ctx.caller.article.update({ articleId, text: REVISED.replace('Jan. 5', 'Jan. 4') });
    const dated = await view(ids.dated);
    expect(dated.recheckQuote).toBe(CLAIMS.dated);
    expect(dated.exact).toContain('Jan. 4');
  });

  it('lets only who may change the annotation answer', async () => {
    const { ids, view } = await approvedThenRevised();
    const { version } = await view(ids.dated);
    await expectRefusal(
      ctx.as('viewer').annotation.answerVerdictQuestion({ id: ids.dated, expectedVersion: version, answer: 'keep' }),
      'FORBIDDEN',
      /reviewer/i,
    );
    expect((await view(ids.dated)).recheckQuote).toBe(CLAIMS.dated);
  });
});
