// The terms "Checked before" matches claims by, and the search's query and snippet helpers.
import { describe, expect, it } from 'vitest';
import { markTerms, overlapScore, parseQuery, snippetParts } from '@/server/services/search';
import { claimTerms } from '@/server/services/search-terms';

describe('claimTerms', () => {
  it.each([
    ['500 million people', 'half a billion people'],
    ['about 100 banks', 'roughly a hundred banks'],
    ['25,000 homes', 'twenty-five thousand homes'],
    ['unemployment fell to 4.5%', 'joblessness dropped to 4.5 per cent'],
    ['$3bn', '3 billion'],
    ['450 officers', 'four hundred and fifty officers'],
  ])('gives “%s” and “%s” the same terms', (a, b) => {
    expect(claimTerms(a)).toEqual(claimTerms(b));
  });

  it('rounds figures to one significant digit as well', () => {
    expect(claimTerms('487 million')).toContain('r5e8');
    expect(claimTerms('half a billion')).toContain('r5e8');
  });

  it('folds case and accents, drops small words and stems', () => {
    expect(claimTerms('The Café is OPENING new branches')).toEqual(['cafe', 'open', 'new', 'branch']);
  });

  it('can leave out each part, for measuring what it adds', () => {
    expect(claimTerms('loans to 500 million people', { stem: false, numbers: false, synonyms: false })).toEqual([
      'loans',
      '500',
      'million',
      'people',
    ]);
  });
});

describe('search helpers', () => {
  it('reads words and “quoted phrases”, and nothing of FTS5 syntax', () => {
    expect(parseQuery('loans “to 500 million” NEAR(x*) "unclosed').phrases).toEqual([
      ['loans'],
      ['to', '500', 'million'],
      ['NEAR'],
      ['x'],
      ['unclosed'],
    ]);
  });

  it('splits snippets at their marks, and marks terms in plain text', () => {
    expect(snippetParts('a \u0002loan\u0003 b')).toEqual([
      { text: 'a ', marked: false },
      { text: 'loan', marked: true },
      { text: ' b', marked: false },
    ]);
    expect(markTerms('Le Café de Paris', ['cafe'])).toEqual([
      { text: 'Le ', marked: false },
      { text: 'Café', marked: true },
      { text: ' de Paris', marked: false },
    ]);
    expect(markTerms('東京の報告書', ['報告'])).toEqual([
      { text: '東京の', marked: false },
      { text: '報告', marked: true },
      { text: '書', marked: false },
    ]);
  });

  it('scores shared weight: a shortened quote scores high, one shared common word does not', () => {
    const idf = (t: string) => (t === 'peopl' ? 0.2 : 2);
    expect(overlapScore(['loan', 'n5', 'peopl'], ['loan', 'n5', 'peopl', 'bank', 'countri'], idf)).toBeGreaterThan(0.7);
    expect(overlapScore(['festiv', 'peopl'], ['loan', 'n5', 'peopl'], idf)).toBeLessThan(0.45);
  });
});
