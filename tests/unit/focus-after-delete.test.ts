import { describe, expect, it } from 'vitest';
import { neighbourAfterDelete } from '@/components/annotations/focus-after-delete';

describe('where focus goes after a delete', () => {
  it('moves to the next annotation, the previous one after the last, and nowhere when none is left', () => {
    expect(neighbourAfterDelete(['a', 'b', 'c'], 'a')).toBe('b');
    expect(neighbourAfterDelete(['a', 'b', 'c'], 'b')).toBe('c');
    expect(neighbourAfterDelete(['a', 'b', 'c'], 'c')).toBe('b');
    expect(neighbourAfterDelete(['a'], 'a')).toBeNull();
    expect(neighbourAfterDelete(['a', 'b'], 'gone')).toBeNull();
  });
});
