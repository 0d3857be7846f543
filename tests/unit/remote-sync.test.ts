import { describe, expect, it } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import { mergeRemote } from '@/components/remote-sync';

const base: AnnotationView = {
  id: 'a', articleId: 1, from: 1, to: 5, exact: 'text', prefix: '', suffix: '', verdict: 'false', rationale: '', author: 'A', authorId: null, updatedBy: null,
  status: 'draft', previousExact: null, discussionResolved: false, claimSummary: '', claimAuthor: null, claimAppearanceUrl: null, claimAppearanceDate: null,
  anchorStatus: 'exact', anchorScore: null, version: 1, createdAt: '', updatedAt: '', evidence: [],
};
const at = (id: string, version: number, fields: Partial<AnnotationView> = {}) => ({ ...base, id, version, ...fields });
const map = (...list: AnnotationView[]) => new Map(list.map((a) => [a.id, a]));

describe('mergeRemote', () => {
  it('takes newer versions, new annotations and deletions made by others', () => {
    const local = map(at('a', 1), at('b', 1));
    const confirmed = map(at('a', 1), at('b', 1));
    const { next, changed } = mergeRemote(local, confirmed, [at('a', 2, { verdict: 'true' }), at('c', 1)], () => false);
    expect(changed).toBe(3);
    expect(next.get('a')?.verdict).toBe('true');
    expect(next.has('b')).toBe(false);
    expect(next.has('c')).toBe(true);
    expect(confirmed.get('a')?.version).toBe(2);
  });

  it('never overwrites a local change that is still being saved', () => {
    const mine = at('a', 1, { rationale: 'my unsaved words' });
    const { next, changed } = mergeRemote(map(mine), map(at('a', 1)), [at('a', 2, { rationale: 'theirs' })], (id) => id === 'a');
    expect(changed).toBe(0);
    expect(next.get('a')?.rationale).toBe('my unsaved words');
  });

  it('keeps a new local annotation the server has not seen yet, and a local delete on its way', () => {
    const fresh = at('new', 0);
    const { next } = mergeRemote(map(fresh), map(at('gone', 1)), [at('gone', 1)], (id) => id === 'new');
    expect(next.has('new')).toBe(true);
    expect(next.has('gone')).toBe(false);
  });

  it('ignores copies no newer than what it has', () => {
    const { changed } = mergeRemote(map(at('a', 3)), map(at('a', 3)), [at('a', 3)], () => false);
    expect(changed).toBe(0);
  });
});
