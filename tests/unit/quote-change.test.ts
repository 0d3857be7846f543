import { describe, expect, it } from 'vitest';
import { changedFigures, figuresOf, quoteDiff, verdictQuestionProblem, wordsChanged } from '@/server/domain/quote-change';

describe('quoteDiff', () => {
  it('shows a changed date as one character removed and one added, marked as a figure', () => {
    expect(quoteDiff('reported on Jan. 6 that', 'reported on Jan. 5 that')).toEqual([
      { kind: 'same', text: 'reported on Jan. ', figure: false },
      { kind: 'removed', text: '6', figure: true },
      { kind: 'added', text: '5', figure: true },
      { kind: 'same', text: ' that', figure: false },
    ]);
  });

  it('folds the short common runs of a reworded phrase into one swap', () => {
    const parts = quoteDiff('below the limit at all twelve stations', 'below the limit at eleven of twelve stations');
    expect(parts.filter((p) => p.kind !== 'same').map((p) => [p.kind, p.text])).toEqual([
      ['removed', 'all '],
      ['added', 'eleven of '],
    ]);
    expect(parts.find((p) => p.kind === 'added')?.figure).toBe(true);
  });

  it('puts the old quote back together from the parts that were there, and the new one from the rest', () => {
    const before = 'the new timetable starts next spring';
    const after = 'the revised timetable begins in spring';
    const parts = quoteDiff(before, after);
    expect(
      parts
        .filter((p) => p.kind !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
    expect(parts.some((p) => p.figure)).toBe(false);
  });
});

describe('figures and words', () => {
  it('finds digits, dates and numbers in words', () => {
    expect(figuresOf('On March 3, 2019 about 1,200 people (12.5%) came, some twice; you may go')).toEqual([
      'march',
      '3',
      '2019',
      '1,200',
      '12.5%',
      'twice',
    ]);
  });

  it('tells which figures went and which came, as multisets', () => {
    expect(changedFigures('Jan. 6, 6 boats', 'Jan. 5, 6 boats')).toEqual({ removed: ['6'], added: ['5'] });
    expect(changedFigures('ten and ten', 'ten')).toEqual({ removed: ['ten'], added: [] });
  });

  it('counts changed words, not spacing, punctuation or case', () => {
    expect(wordsChanged('Jan. 6,  the Mayor', 'jan 6 the mayor')).toBe(false);
    expect(wordsChanged('the new timetable', 'the revised timetable')).toBe(true);
  });

  it('words the refusal by what changed', () => {
    expect(verdictQuestionProblem({ exact: 'x', recheckQuote: null })).toBeNull();
    expect(verdictQuestionProblem({ exact: 'on Jan. 5', recheckQuote: 'on Jan. 6' })).toMatch(/number or date .* \(6 → 5\)/);
    expect(verdictQuestionProblem({ exact: 'at eleven of twelve', recheckQuote: 'at all twelve' })).toMatch(/\(now eleven\)/);
    expect(verdictQuestionProblem({ exact: 'the revised plan', recheckQuote: 'the new plan' })).toMatch(/^the words of its quote changed/);
  });
});
