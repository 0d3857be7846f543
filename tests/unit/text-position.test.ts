import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { articleSchema as s } from '@/server/domain/article-schema';
import { plainTextOf, textBetween } from '@/server/domain/plain-text';
import { buildTextIndex, codePointOffset, fromTextPosition, toTextPosition, utf16Offset } from '@/server/domain/text-position';

// Pieces that make UTF-16 and code points differ, or that trip naive string code.
const PIECES = [
  'a',
  'claim ',
  ' ',
  '40%',
  'naïve',
  'e\u0301', // combining acute accent
  '😀',
  '👩‍👩‍👧',
  '🇫🇷',
  '𝕏', // astral, ZWJ sequence, flag, math letter
  '中文',
  '漢字',
  'مرحبا',
  'שלום',
  '\u200f', // CJK, Arabic, Hebrew, right-to-left mark
];
const unicodeText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((t) => t.length > 0);

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
/** Whether `offset` falls between the halves of a surrogate pair. */
const splitsPair = (text: string, offset: number) =>
  offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));

describe('code point offsets', () => {
  it('converts a known string', () => {
    const text = 'a😀b👩‍👩‍👧';
    expect(codePointOffset(text, 0)).toBe(0);
    expect(codePointOffset(text, 3)).toBe(2); // after the emoji
    expect(utf16Offset(text, 2)).toBe(3);
    expect(utf16Offset(text, Array.from(text).length)).toBe(text.length);
    // Inside the pair: a start snaps back, an end forward.
    expect(codePointOffset(text, 2, 'start')).toBe(1);
    expect(codePointOffset(text, 2, 'end')).toBe(2);
    // Out of range and malformed offsets clamp instead of throwing.
    expect(codePointOffset(text, -5)).toBe(0);
    expect(codePointOffset(text, 99)).toBe(Array.from(text).length);
    expect(utf16Offset(text, Number.NaN)).toBe(0);
  });

  it('counts lone surrogates as one code point, as Array.from does', () => {
    const text = 'a\ud800b\udc00c';
    expect(codePointOffset(text, text.length)).toBe(Array.from(text).length);
  });

  it('round-trips every code point offset', () => {
    fc.assert(
      fc.property(unicodeText, (text) => {
        const length = Array.from(text).length;
        for (let cp = 0; cp <= length; cp++) {
          const u = utf16Offset(text, cp);
          expect(splitsPair(text, u)).toBe(false);
          expect(Array.from(text.slice(0, u)).length).toBe(cp);
          expect(codePointOffset(text, u)).toBe(cp);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('snaps offsets inside a pair outwards and never splits one', () => {
    fc.assert(
      fc.property(unicodeText, (text) => {
        for (let u = 0; u <= text.length; u++) {
          const start = utf16Offset(text, codePointOffset(text, u, 'start'));
          const end = utf16Offset(text, codePointOffset(text, u, 'end'));
          expect(splitsPair(text, start) || splitsPair(text, end)).toBe(false);
          expect(start).toBeLessThanOrEqual(u);
          expect(end).toBeGreaterThanOrEqual(u);
          expect(end - start).toBe(splitsPair(text, u) ? 2 : 0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// Random documents: every block type, marks, hard breaks, empty textblocks, unicode text.
const marks = fc
  .subarray([s.mark('em'), s.mark('strong'), s.mark('code'), s.mark('link', { href: 'https://example.org/' })])
  .filter((set) => !(set.some((m) => m.type.name === 'code') && set.length > 1));
const inline = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.tuple(unicodeText, marks).map(([text, m]) => s.text(text, m)) },
    { weight: 1, arbitrary: fc.constant(s.node('hard_break')) },
  ),
  { maxLength: 5 },
);
const paragraph = inline.map((content) => s.node('paragraph', null, content));
const heading = fc.tuple(fc.integer({ min: 2, max: 6 }), inline).map(([level, content]) => s.node('heading', { level }, content));

function block(depth: number): fc.Arbitrary<PMNode> {
  if (depth === 0) return fc.oneof(paragraph, heading);
  const inner = block(depth - 1);
  const item = fc.tuple(paragraph, fc.array(inner, { maxLength: 2 })).map(([p, rest]) => s.node('list_item', null, [p, ...rest]));
  const items = fc.array(item, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    { weight: 3, arbitrary: paragraph },
    { weight: 1, arbitrary: heading },
    { weight: 1, arbitrary: items.map((list) => s.node('bullet_list', null, list)) },
    { weight: 1, arbitrary: items.map((list) => s.node('ordered_list', { order: 3 }, list)) },
    { weight: 1, arbitrary: fc.array(inner, { minLength: 1, maxLength: 3 }).map((b) => s.node('blockquote', null, b)) },
  );
}

const docArb = fc
  .tuple(inline, fc.array(block(2), { maxLength: 5 }))
  .map(([title, blocks]) => s.node('doc', null, [s.node('title', null, title), ...blocks]));

/** Every position inside a textblock's content, in document order. */
function inlinePositions(doc: PMNode): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (let p = pos + 1; p <= pos + 1 + node.content.size; p++) positions.push(p);
    return false;
  });
  return positions;
}

const pairs = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 25 });

describe('TextIndex', () => {
  it('maps a known document with lists, hard breaks and an empty paragraph', () => {
    const doc = s.node('doc', null, [
      s.node('title', null, [s.text('Title')]),
      s.node('paragraph', null, [s.text('one'), s.node('hard_break'), s.text('two', [s.mark('em')])]),
      s.node('paragraph'),
      s.node('bullet_list', null, [s.node('list_item', null, [s.node('paragraph', null, [s.text('item 😀')])])]),
    ]);
    const index = buildTextIndex(doc);
    expect(index.text).toBe('Title\n\none\ntwo\n\n\n\nitem 😀');
    // "one" starts at position 8 (doc 0, title 1–6, paragraph opens at 7).
    expect(index.toOffset(8, 'start')).toBe(7);
    expect(index.toPos(7, 'start')).toBe(8);
    // The hard break at position 11 is the "\n" at offset 10.
    expect(index.toOffset(11, 'start')).toBe(10);
    expect(index.toOffset(12, 'start')).toBe(11);
    // Offset 15 is inside the separator after "two": a start goes to the empty paragraph, an end back to "two".
    expect(index.toPos(15, 'start')).toBe(17);
    expect(index.toPos(15, 'end')).toBe(15);
    // Between blocks (position 7 is before the paragraph opens).
    expect(index.toOffset(7, 'start')).toBe(7);
    expect(index.toOffset(7, 'end')).toBe(5);
    expect(index.isInline(7)).toBe(false);
    expect(index.isInline(8)).toBe(true);
  });

  it('has the same text as plainTextOf', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        doc.check();
        expect(buildTextIndex(doc).text).toBe(plainTextOf(doc));
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with textBetween for inline positions, within and across blocks', () => {
    fc.assert(
      fc.property(docArb, pairs, (doc, picks) => {
        const index = buildTextIndex(doc);
        const positions = inlinePositions(doc);
        for (const [i, j] of picks) {
          const a = positions[i % positions.length];
          const b = positions[j % positions.length];
          const [from, to] = a <= b ? [a, b] : [b, a];
          expect(index.text.slice(index.toOffset(from, 'start'), index.toOffset(to, 'end'))).toBe(textBetween(doc, from, to));
          expect(index.toPos(index.toOffset(from, 'start'), 'start')).toBe(from);
          expect(index.toPos(index.toOffset(to, 'end'), 'end')).toBe(to);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with textBetween for any positions, those between blocks taking their side', () => {
    fc.assert(
      fc.property(docArb, pairs, (doc, picks) => {
        const index = buildTextIndex(doc);
        const size = doc.content.size;
        for (const [i, j] of picks) {
          const a = i % (size + 1);
          const b = j % (size + 1);
          const [from, to] = a <= b ? [a, b] : [b, a];
          expect(index.text.slice(index.toOffset(from, 'start'), index.toOffset(to, 'end'))).toBe(textBetween(doc, from, to));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('maps every offset to an inline position, skipping only separator characters', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const index = buildTextIndex(doc);
        for (let o = 0; o <= index.text.length; o++) {
          const start = index.toPos(o, 'start');
          const end = index.toPos(o, 'end');
          expect(index.isInline(start) && index.isInline(end)).toBe(true);
          const after = index.toOffset(start, 'start');
          const before = index.toOffset(end, 'end');
          if (index.isPositionOffset(o)) {
            expect([after, before]).toEqual([o, o]);
          } else {
            // Inside a "\n\n": the start moves past it, the end back before it.
            expect(index.text.slice(o, after)).toMatch(/^\n$/);
            expect(index.text.slice(before, o)).toMatch(/^\n$/);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
  it('trims ranges to text: no separator at either end, no split pair', () => {
    fc.assert(
      fc.property(docArb, pairs, (doc, picks) => {
        const index = buildTextIndex(doc);
        const n = index.text.length + 1;
        for (const [i, j] of picks) {
          const [a, b] = [i % n, j % n].sort((x, y) => x - y);
          const r = index.trimToBlocks(a, b);
          if (!r) {
            // Nothing but separators (and perhaps hard breaks next to them) was there.
            expect(index.text.slice(a, b)).toMatch(/^\n*$/);
            continue;
          }
          expect(r.start).toBeGreaterThanOrEqual(a - 1);
          expect(r.end).toBeLessThanOrEqual(b + 1);
          expect(splitsPair(index.text, r.start) || splitsPair(index.text, r.end)).toBe(false);
          const from = doc.resolve(index.toPos(r.start, 'start'));
          const to = doc.resolve(index.toPos(r.end, 'end'));
          // Starting at a block's end or ending at a block's start would take in the separator.
          expect(from.parentOffset).toBeLessThan(from.parent.content.size);
          expect(to.parentOffset).toBeGreaterThan(0);
          expect(textBetween(doc, from.pos, to.pos)).toBe(index.text.slice(r.start, r.end));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('TextPositionSelector', () => {
  it('counts code points and maps back', () => {
    const doc = s.node('doc', null, [s.node('title', null, [s.text('😀 Title')]), s.node('paragraph', null, [s.text('a 👩‍👩‍👧 b')])]);
    const index = buildTextIndex(doc);
    // "a 👩‍👩‍👧 b" starts at offset 10 (code point 9); the ZWJ family is 5 code points, 8 code units.
    const position = toTextPosition(index, 11, 21);
    expect(position).toEqual({ start: 9, end: 16 });
    expect(fromTextPosition(index, position)).toEqual({ from: 11, to: 21 });
    expect(fromTextPosition(index, { start: 5, end: 4 })).toBeNull();
    expect(fromTextPosition(index, { start: 0, end: 1_000 })).toBeNull();
    expect(fromTextPosition(index, { start: 1.5, end: 3 })).toBeNull();
    // Wholly inside the separator after the title: no position range holds it.
    expect(fromTextPosition(index, { start: 8, end: 8 })).toBeNull();
  });

  it('round-trips inline ranges, and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(docArb, pairs, (doc, picks) => {
        const index = buildTextIndex(doc);
        const positions = inlinePositions(doc);
        for (const [i, j] of picks) {
          const a = positions[i % positions.length];
          const b = positions[j % positions.length];
          const [from, to] = a <= b ? [a, b] : [b, a];
          const tp = toTextPosition(index, from, to);
          const u0 = index.codePoints.toUtf16(tp.start);
          const u1 = index.codePoints.toUtf16(tp.end);
          const selected = index.text.slice(u0, u1);
          expect(splitsPair(index.text, u0) || splitsPair(index.text, u1)).toBe(false);
          expect(Array.from(selected).length).toBe(tp.end - tp.start);
          const back = fromTextPosition(index, tp);
          expect(back).not.toBeNull();
          if (!back) continue;
          expect(textBetween(doc, back.from, back.to)).toBe(selected);
          // Positions inside a pair widen to the whole character; others come back unchanged.
          const o0 = index.toOffset(from, 'start');
          const o1 = index.toOffset(to, 'end');
          if (!splitsPair(index.text, o0)) expect(back.from).toBe(from);
          if (!splitsPair(index.text, o1)) expect(back.to).toBe(to);
        }
      }),
      { numRuns: 150 },
    );
  });
});
