import { describe, expect, it } from 'vitest';
import { matchPeople, mentionQueryAt, resolveMentions } from '@/server/domain/mentions';

const DESK = [
  { id: 'rui', name: 'Rui Costa' },
  { id: 'ann-lee', name: 'Ann Lee' },
  { id: 'ann-ng', name: 'Ann Ng' },
  { id: 'anna', name: 'Anna Berg' },
];

describe('resolveMentions', () => {
  it('resolves a full name in any case, and a first name only one person has', () => {
    expect(resolveMentions('@rui costa, look', DESK)).toEqual(['rui']);
    expect(resolveMentions('Can you check, @Rui?', DESK)).toEqual(['rui']);
    expect(resolveMentions('@Anna please', DESK)).toEqual(['anna']);
  });

  it('names nobody for a first name two people share, but the full name still works', () => {
    expect(resolveMentions('@Ann can you', DESK)).toEqual([]);
    expect(resolveMentions('@Ann Lee can you', DESK)).toEqual(['ann-lee']);
  });

  it('does not take a longer word, or a name without the @', () => {
    expect(resolveMentions('@Ruins and Rui Costa', DESK)).toEqual([]);
    expect(resolveMentions('@Annabel', DESK)).toEqual([]);
  });
});

describe('mentionQueryAt', () => {
  it('finds the "@query" before the caret, at the start or after a space', () => {
    expect(mentionQueryAt('Hi @Ru', 6)).toEqual({ start: 3, query: 'Ru' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail me@example', 15)).toBeNull();
    expect(mentionQueryAt('@Rui\nnext', 9)).toBeNull();
  });
});

describe('matchPeople', () => {
  it('ranks names that start with the query before those with a later word that does', () => {
    expect(matchPeople(DESK, 'ann').map((p) => p.id)).toEqual(['ann-lee', 'ann-ng', 'anna']);
    expect(matchPeople(DESK, 'ber').map((p) => p.id)).toEqual(['anna']);
    expect(matchPeople(DESK, '').length).toBe(4);
  });
});
