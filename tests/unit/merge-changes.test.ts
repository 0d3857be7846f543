import { describe, expect, it } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import { view } from './support/fake-annotation-server';
import { mergeChanges, type Deferred } from '@/components/annotations/store/merge-changes';

const base: AnnotationView = view('a', { rationale: '', author: 'A', authorId: null });
const at = (id: string, version: number, fields: Partial<AnnotationView> = {}) => ({ ...base, id, version, ...fields });
const versions = (...pairs: Array<[string, number]>) => new Map(pairs);
const known = (confirmed: Map<string, number>) => (id: string) => confirmed.get(id);
const never = () => false;

describe('mergeChanges', () => {
  it('takes newer versions, new annotations and deletions made by others', () => {
    const confirmed = versions(['a', 1], ['b', 1]);
    const { updates, removals } = mergeChanges(
      known(confirmed),
      new Map(),
      { changed: [at('a', 2, { verdict: 'true' }), at('c', 1)], removed: ['b'] },
      never,
      never,
    );
    expect(updates.map((u) => [u.id, u.verdict])).toEqual([
      ['a', 'true'],
      ['c', 'false'],
    ]);
    expect(removals).toEqual(['b']);
  });

  it('keeps a change to a busy annotation for later instead of dropping it (the cursor has moved past it)', () => {
    const confirmed = versions(['a', 1]);
    const deferred: Deferred = new Map();
    let busy = true;
    const first = mergeChanges(
      known(confirmed),
      deferred,
      { changed: [at('a', 2, { rationale: 'theirs' })], removed: [] },
      () => busy,
      never,
    );
    expect(first.updates).toEqual([]);
    expect(deferred.has('a')).toBe(true);
    busy = false;
    const later = mergeChanges(known(confirmed), deferred, { changed: [], removed: [] }, () => busy, never);
    expect(later.updates.map((u) => u.rationale)).toEqual(['theirs']);
    expect(deferred.size).toBe(0);
  });

  it('drops a deferred copy older than what this page saved meanwhile', () => {
    const confirmed = versions(['a', 1]);
    const deferred: Deferred = new Map([['a', at('a', 2)]]);
    confirmed.set('a', 3); // our own save landed as version 3
    expect(mergeChanges(known(confirmed), deferred, { changed: [], removed: [] }, never, never).updates).toEqual([]);
  });

  it('keeps the newest of several deferred copies, and a removal after a change', () => {
    const deferred: Deferred = new Map();
    mergeChanges(known(versions(['a', 1])), deferred, { changed: [at('a', 3), at('a', 2)], removed: [] }, () => true, never);
    expect(deferred.get('a')?.version).toBe(3);
    mergeChanges(known(versions(['a', 1])), deferred, { changed: [], removed: ['a'] }, () => true, never);
    expect(deferred.get('a')).toBeNull();
  });

  it('keeps a local delete on its way, and ignores copies no newer than what it has', () => {
    const confirmed = versions(['gone', 1], ['same', 3]);
    const { updates } = mergeChanges(
      known(confirmed),
      new Map(),
      { changed: [at('gone', 2), at('same', 3)], removed: [] },
      never,
      (id) => id === 'gone',
    );
    expect(updates).toEqual([]);
  });

  it('ignores the removal of an annotation it never had', () => {
    expect(mergeChanges(known(new Map()), new Map(), { changed: [], removed: ['x'] }, never, never).removals).toEqual([]);
  });
});
