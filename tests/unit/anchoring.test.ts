import { describe, expect, it } from 'vitest';
import { articleSchema as s } from '@/server/domain/article-schema';
import { checkAnchor, findQuote, quoteAt } from '@/server/domain/anchoring';

const doc = s.node('doc', null, [
  s.node('title', null, [s.text('Council claims bikes cut traffic')]),
  s.node('paragraph', null, [s.text('Traffic fell by '), s.text('40 percent', [s.mark('strong')]), s.text(' in a year.')]),
  s.node('paragraph', null, [s.text('Line one'), s.node('hard_break'), s.text('line two 😀 end')]),
]);

describe('findQuote and quoteAt', () => {
  it('finds a quote across marks and returns the same text back', () => {
    const range = findQuote(doc, 'by 40 percent in')!;
    expect(range).not.toBeNull();
    expect(quoteAt(doc, range.from, range.to).exact).toBe('by 40 percent in');
  });

  it('keeps up to 32 characters of context, with block separators', () => {
    const range = findQuote(doc, 'Traffic fell')!;
    const quote = quoteAt(doc, range.from, range.to);
    expect(quote.prefix).toBe('Council claims bikes cut traffic\n\n'.slice(-32));
    expect(quote.suffix).toBe(' by 40 percent in a year.\n\nLine ');
  });

  it('counts a hard break as a newline', () => {
    const range = findQuote(doc, 'one\nline')!;
    expect(quoteAt(doc, range.from, range.to).exact).toBe('one\nline');
  });

  it('does not split an astral character in the context', () => {
    const range = findQuote(doc, ' end')!;
    const quote = quoteAt(doc, range.from, range.to);
    expect(quote.prefix.endsWith('😀')).toBe(true);
    expect(quote.prefix).not.toMatch(/^[\uDC00-\uDFFF]/);
  });
});

describe('checkAnchor', () => {
  const range = findQuote(doc, '40 percent')!;

  it('accepts positions whose text matches the quote', () => {
    const result = checkAnchor(doc, { ...range, exact: '40 percent' });
    expect(result).toMatchObject({ ok: true, anchor: { from: range.from, to: range.to, exact: '40 percent' } });
  });

  it('refuses a quote that does not match the article at those positions', () => {
    const result = checkAnchor(doc, { ...range, exact: '50 percent' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/does not match/);
  });

  it('refuses positions outside the document or reversed', () => {
    for (const bad of [
      { from: -1, to: 3 },
      { from: 3, to: doc.content.size + 1 },
      { from: 8, to: 8 },
      { from: 9, to: 4 },
      { from: 1.5, to: 4 },
    ]) {
      const result = checkAnchor(doc, { ...bad, exact: 'x' });
      expect(result.ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('refuses positions between blocks', () => {
    const result = checkAnchor(doc, { from: 0, to: 5, exact: 'Counc' });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/inside the article/) });
  });

  it('refuses a whitespace-only selection', () => {
    const space = findQuote(doc, ' in a')!;
    const result = checkAnchor(doc, { from: space.from, to: space.from + 1, exact: ' ' });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/whitespace/) });
  });
});

describe('checkAnchor refusals', () => {
  it('refuses each kind of bad claim with a sentence (the services send it with the reason code anchor_mismatch)', () => {
    const space = findQuote(doc, ' in a')!;
    const emojiDoc = s.node('doc', null, [s.node('title', null, [s.text('T')]), s.node('paragraph', null, [s.text('a😀b')])]);
    const reasons = [
      { from: -1, to: 3, exact: 'x' },
      { from: 1.5, to: 4, exact: 'x' },
      { from: 0, to: 5, exact: 'Counc' },
      { from: space.from, to: space.from + 1, exact: ' ' },
      { ...findQuote(doc, '40 percent')!, exact: '50 percent' },
    ].map((claim) => checkAnchor(doc, claim));
    const a = findQuote(emojiDoc, 'a😀b')!.from;
    reasons.push(checkAnchor(emojiDoc, { from: a, to: a + 2, exact: 'a\uD83D' }));
    for (const result of reasons) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^The select/);
    }
  });
});

describe('checkAnchor and astral characters', () => {
  const emojiDoc = s.node('doc', null, [s.node('title', null, [s.text('T')]), s.node('paragraph', null, [s.text('ab😀cd 👩‍👩‍👧 ef')])]);
  const start = findQuote(emojiDoc, 'ab')!.from;

  it('refuses a range that splits a surrogate pair', () => {
    // "ab" then the two UTF-16 halves of 😀: position start + 3 is between them.
    const result = checkAnchor(emojiDoc, { from: start + 3, to: start + 6, exact: emojiDoc.textBetween(start + 3, start + 6) });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/middle of a character/) });
    const end = checkAnchor(emojiDoc, { from: start, to: start + 3, exact: emojiDoc.textBetween(start, start + 3) });
    expect(end.ok).toBe(false);
  });

  it('accepts whole emoji, ZWJ sequences included', () => {
    const range = findQuote(emojiDoc, '😀cd 👩‍👩‍👧')!;
    expect(checkAnchor(emojiDoc, { ...range, exact: '😀cd 👩‍👩‍👧' }).ok).toBe(true);
  });
});
