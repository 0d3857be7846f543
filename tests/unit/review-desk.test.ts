// The review desk's pure parts: the next annotation waiting for a reviewer,
// what changed since the last approval, the list's counts, filter and
// Shift+click selection.
import { describe, expect, it } from 'vitest';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import { applyFilter, NO_FILTER, selectClick, statusCounts } from '@/components/annotations/list/list-filter';
import { changesSinceApproval, nextWaiting } from '@/components/review/review-queue';

const row = (
  id: string,
  status: AnnotationSummary['status'],
  authorId: string | null = 'author',
  verdict = 'false',
): AnnotationSummary => ({
  id,
  from: 0,
  to: 1,
  verdict,
  status,
  anchorStatus: 'exact',
  anchorScore: null,
  version: 1,
  authorId,
  author: 'Someone',
  updatedBy: null,
  evidenceCount: 1,
  exact: null,
});

const editor = { id: 'ed', role: 'editor' as const };
const desk = { allowSelfApproval: false };

describe('the next annotation waiting for review', () => {
  const list = [row('a', 'in_review'), row('b', 'draft'), row('c', 'in_review', 'ed'), row('d', 'in_review'), row('e', 'approved')];

  it('is the next one in review that this editor did not write, in document order, wrapping round', () => {
    expect(nextWaiting(list, 'a', editor, desk)?.id).toBe('d');
    expect(nextWaiting(list, 'd', editor, desk)?.id).toBe('a');
    expect(nextWaiting(list, 'b', editor, desk)?.id).toBe('d');
  });

  it('counts the editor’s own when the desk allows self-approval, and is nobody’s for a reviewer', () => {
    expect(nextWaiting(list, 'a', editor, { allowSelfApproval: true })?.id).toBe('c');
    expect(nextWaiting(list, 'a', { id: 'r', role: 'reviewer' }, desk)).toBeNull();
  });

  it('is null when the one just reviewed was the last', () => {
    expect(nextWaiting([row('a', 'in_review'), row('b', 'approved')], 'a', editor, desk)).toBeNull();
  });
});

describe('what changed since the last approval', () => {
  const entry = (id: number, type: string, after: unknown = {}) => ({ id, type, after, sentence: `s${id}`, createdAt: '' });

  it('lists the changes newer than the latest approval, without status steps', () => {
    const history = [
      entry(5, 'annotation.status', { status: 'in_review' }),
      entry(4, 'annotation.updated'),
      entry(3, 'annotation.status', { status: 'approved' }),
      entry(2, 'annotation.updated'),
      entry(1, 'annotation.created'),
    ];
    expect(changesSinceApproval(history)).toEqual({ approvedBefore: true, changes: [history[1]] });
  });

  it('is everything when it was never approved', () => {
    const history = [entry(2, 'annotation.status', { status: 'in_review' }), entry(1, 'annotation.created')];
    expect(changesSinceApproval(history)).toEqual({ approvedBefore: false, changes: [history[1]] });
  });
});

describe('the list’s counts and filter', () => {
  const list = [row('a', 'draft'), row('b', 'in_review', 'x', 'true'), row('c', 'in_review'), row('d', 'approved')];

  it('counts each status', () => {
    expect(statusCounts(list)).toEqual({ draft: 1, in_review: 2, approved: 1, changes_requested: 0 });
  });

  it('filters by status and verdict together, and hands back the same list when nothing is filtered', () => {
    expect(applyFilter(list, NO_FILTER)).toBe(list);
    expect(applyFilter(list, { status: 'in_review', verdict: '' }).map((a) => a.id)).toEqual(['b', 'c']);
    expect(applyFilter(list, { status: 'in_review', verdict: 'false' }).map((a) => a.id)).toEqual(['c']);
  });
});

describe('selecting with Shift+click', () => {
  const shown = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));

  it('toggles one on a plain click', () => {
    expect([...selectClick(new Set(['a']), shown, 'c', 'a', false)]).toEqual(['a', 'c']);
    expect([...selectClick(new Set(['a', 'c']), shown, 'c', 'a', false)]).toEqual(['a']);
  });

  it('sets the stretch since the last click, either way round, to the clicked one’s new state', () => {
    expect([...selectClick(new Set(['b']), shown, 'd', 'b', true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...selectClick(new Set(['d']), shown, 'b', 'd', true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...selectClick(new Set(['a', 'b', 'c', 'd']), shown, 'c', 'a', true)].sort()).toEqual(['d']);
  });

  it('toggles one when the last clicked is no longer shown', () => {
    expect([...selectClick(new Set(), shown, 'c', 'zzz', true)]).toEqual(['c']);
  });
});
