import { describe, expect, it } from 'vitest';
import { segmentRanges } from '@/server/domain/segments';

describe('segmentRanges', () => {
  it('names every covering range on an overlap, outermost first', () => {
    const segments = segmentRanges([
      { id: 'b', from: 5, to: 15 },
      { id: 'a', from: 0, to: 10 },
    ]);
    expect(segments).toEqual([
      { from: 0, to: 5, ids: ['a'] },
      { from: 5, to: 10, ids: ['a', 'b'] },
      { from: 10, to: 15, ids: ['b'] },
    ]);
  });

  it('keeps nested and identical ranges apart from gaps', () => {
    const segments = segmentRanges([
      { id: 'outer', from: 0, to: 20 },
      { id: 'inner', from: 5, to: 8 },
      { id: 'twin', from: 5, to: 8 },
      { id: 'far', from: 30, to: 31 },
    ]);
    expect(segments).toEqual([
      { from: 0, to: 5, ids: ['outer'] },
      { from: 5, to: 8, ids: ['outer', 'inner', 'twin'] },
      { from: 8, to: 20, ids: ['outer'] },
      { from: 30, to: 31, ids: ['far'] },
    ]);
  });

  it('clips to a window and drops empty ranges', () => {
    expect(
      segmentRanges(
        [
          { id: 'a', from: 0, to: 10 },
          { id: 'e', from: 4, to: 4 },
        ],
        3,
        6,
      ),
    ).toEqual([{ from: 3, to: 6, ids: ['a'] }]);
  });
});
