import { describe, expect, it } from 'vitest';
import { compareByPosition } from '@/server/domain/annotation';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import { reorder } from '@/components/annotations/annotation-order';

const s = (id: string, from: number, to: number): AnnotationSummary => ({
  id,
  from,
  to,
  verdict: 'false',
  status: 'draft',
  anchorStatus: 'exact',
  anchorScore: null,
  version: 1,
  authorId: null,
  author: 'A',
  updatedBy: null,
  evidenceCount: 0,
  exact: null,
});
const ids = (list: AnnotationSummary[]) => list.map((a) => a.id);

describe('reorder', () => {
  const ordered = [s('a', 1, 5), s('b', 3, 9), s('c', 10, 12)];

  it('inserts a new annotation in document order, outer before inner at the same start', () => {
    expect(ids(reorder(ordered, [s('x', 3, 20)]))).toEqual(['a', 'x', 'b', 'c']);
    expect(ids(reorder(ordered, [s('y', 3, 4)]))).toEqual(['a', 'b', 'y', 'c']);
    expect(ids(reorder(ordered, [s('z', 99, 100)]))).toEqual(['a', 'b', 'c', 'z']);
  });

  it('moves a changed annotation instead of keeping two copies, and removes by id', () => {
    const moved = reorder(ordered, [s('a', 11, 11 + 1)], ['c']);
    expect(ids(moved)).toEqual(['b', 'a']);
    expect(ordered).toHaveLength(3);
  });

  it('returns the same array when nothing changed', () => {
    expect(reorder(ordered, [], [])).toBe(ordered);
  });

  it('matches a full sort for many insertions at once', () => {
    let seed = 3;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed % 1000;
    };
    const many = Array.from({ length: 300 }, (_, i) => {
      const from = rand();
      return s(`n${i}`, from, from + 1 + (rand() % 30));
    });
    const few = many.slice(0, 20);
    expect(ids(reorder(ordered, many))).toEqual(ids([...ordered, ...many].sort(compareByPosition)));
    expect(ids(reorder(ordered, few))).toEqual(ids([...ordered, ...few].sort(compareByPosition)));
  });
});
