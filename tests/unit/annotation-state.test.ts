import { describe, expect, it } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import { summaryOf } from '@/server/domain/annotation-index';
import { view as annotation } from './support/fake-annotation-server';
import { applyChange, withShownSummary, withView, type AnnotationState } from '@/components/annotations/annotation-state';

const view = (id: string, from: number, version = 1, fields: Partial<AnnotationView> = {}): AnnotationView =>
  annotation(id, { from, to: from + 4, version, author: 'A', authorId: null, ...fields });

function stateOf(...views: AnnotationView[]): AnnotationState {
  const ordered = views.map(summaryOf);
  return { ordered, byId: new Map(ordered.map((s) => [s.id, s])), details: new Map() };
}

describe('applyChange', () => {
  it('keeps the list and the summaries when only full versions arrive (rows scrolled into view)', () => {
    const prev = stateOf(view('a', 1), view('b', 10));
    const next = applyChange(prev, { upsert: [withShownSummary(prev.byId.get('b'), view('b', 10))] });
    expect(next.ordered).toBe(prev.ordered);
    expect(next.byId).toBe(prev.byId);
    expect(next.details.get('b')?.rationale).toBe('why b');
  });

  it('takes a newer version over the summary shown, and moves it in document order', () => {
    const prev = stateOf(view('a', 1), view('b', 10));
    const next = applyChange(prev, { upsert: [withShownSummary(prev.byId.get('a'), view('a', 20, 2, { verdict: 'true' }))] });
    expect(next.ordered.map((s) => s.id)).toEqual(['b', 'a']);
    expect(next.byId.get('a')?.verdict).toBe('true');
    expect(prev.byId.get('a')?.verdict).toBe('false');
  });

  it('removes an annotation with its full version, and drops a full version that no longer matches when asked', () => {
    const prev = applyChange(stateOf(view('a', 1), view('b', 10)), { upsert: [withView(view('a', 1)), withView(view('b', 10))] });
    const removed = applyChange(prev, { remove: ['a'] });
    expect(removed.ordered.map((s) => s.id)).toEqual(['b']);
    expect(removed.details.has('a')).toBe(false);
    const patched = applyChange(prev, { upsert: [{ summary: { ...prev.byId.get('b')!, anchorStatus: 'exact' }, view: null }] });
    expect(patched.details.has('b')).toBe(false);
  });

  it('returns the same state for an empty change', () => {
    const prev = stateOf(view('a', 1));
    expect(applyChange(prev, {})).toBe(prev);
  });
});
