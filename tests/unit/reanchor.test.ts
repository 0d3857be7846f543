import fc from 'fast-check';
// The edit-distance oracle is a library, independent of the reanchoring code it checks.
import { distance as levenshtein } from 'fastest-levenshtein';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { findQuote, quoteAt } from '@/server/domain/anchoring';
import { articleSchema as s } from '@/server/domain/article-schema';
import { plainTextOf, textBetween } from '@/server/domain/plain-text';
import {
  FUZZY_THRESHOLD,
  LONG_QUOTE_LENGTH,
  maxErrorsFor,
  reanchor,
  reanchorAll,
  snapToWords,
  type Reanchored,
  type StoredAnchor,
} from '@/server/domain/reanchor';
import { buildTextIndex, toTextPosition } from '@/server/domain/text-position';

const TITLE = 'City hall report';

/** An article from paragraph strings, one text node each; the title first. */
function article(paragraphs: string[]): PMNode {
  return s.node('doc', null, [
    s.node('title', null, [s.text(TITLE)]),
    ...paragraphs.map((p) => s.node('paragraph', null, p ? [s.text(p)] : [])),
  ]);
}

/** An anchor as the editor stores it: positions, quote and code point offsets. */
function anchorOn(doc: PMNode, from: number, to: number, withTextPosition = true): StoredAnchor {
  const quote = quoteAt(doc, from, to);
  return { from, to, ...quote, ...(withTextPosition ? toTextPosition(buildTextIndex(doc), from, to) : {}) };
}

function anchorFor(doc: PMNode, exact: string): StoredAnchor {
  const range = findQuote(doc, exact);
  if (!range) throw new Error(`no ${exact} in the test article`);
  return anchorOn(doc, range.from, range.to);
}

/** Every result must describe its own range: inline positions holding `exact`, or nothing at all. */
function expectConsistent(doc: PMNode, r: Reanchored) {
  if (r.status === 'orphaned') {
    expect(r).toEqual({ status: 'orphaned', from: null, to: null, start: null, end: null, exact: null, score: null });
    return;
  }
  const index = buildTextIndex(doc);
  expect(r.from !== null && index.isInline(r.from)).toBe(true);
  expect(r.to !== null && index.isInline(r.to)).toBe(true);
  expect(textBetween(doc, r.from!, r.to!)).toBe(r.exact);
  expect(index.text.slice(index.codePoints.toUtf16(r.start!), index.codePoints.toUtf16(r.end!))).toBe(r.exact);
  expect(r.score).toBeGreaterThan(0);
  expect(r.score).toBeLessThanOrEqual(1);
}

const CLAIM = 'crime fell by 40 percent last year';
const before = [
  'The mayor spoke on Monday.',
  `Speaking to reporters, she said ${CLAIM}, a figure the police disputed.`,
  'Officers said their own data showed a smaller drop.',
];

describe('reanchor: concrete cases', () => {
  const doc = article(before);
  const anchor = anchorFor(doc, CLAIM);

  it('keeps an anchor whose positions still hold the quote', () => {
    const r = reanchor(anchor, doc);
    expect(r).toMatchObject({ status: 'exact', from: anchor.from, to: anchor.to, exact: CLAIM, score: 1 });
    expect(r.start).toBe(anchor.start);
    expect(r.end).toBe(anchor.end);
  });

  it('uses the text position when PM positions shift but the text does not', () => {
    // The same text, the claim's paragraph now inside a list: positions move by two, code points do not.
    const listed = s.node('doc', null, [
      s.node('title', null, [s.text(TITLE)]),
      s.node('paragraph', null, [s.text(before[0])]),
      s.node('bullet_list', null, [s.node('list_item', null, [s.node('paragraph', null, [s.text(before[1])])])]),
      s.node('paragraph', null, [s.text(before[2])]),
    ]);
    expect(plainTextOf(listed)).toBe(plainTextOf(doc));
    const r = reanchor(anchor, listed);
    expect(r).toMatchObject({ status: 'exact', from: anchor.from + 2, to: anchor.to + 2, exact: CLAIM, start: anchor.start });
  });

  it('follows a claim moved to another paragraph', () => {
    const moved = article([before[0], before[2], `Later, she repeated that ${CLAIM}.`]);
    const r = reanchor(anchor, moved);
    expect(r.status).toBe('moved');
    expect(r.exact).toBe(CLAIM);
    expect(r.from).toBe(findQuote(moved, CLAIM)!.from);
    expectConsistent(moved, r);
  });

  it('finds a slightly reworded claim with a fuzzy score', () => {
    const reworded = CLAIM.replace('fell', 'dropped');
    const revised = article([before[0], before[1].replace(CLAIM, reworded), before[2]]);
    const r = reanchor(anchor, revised);
    expect(r.status).toBe('fuzzy');
    expect(r.exact).toBe(reworded);
    expect(r.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(r.score).toBeLessThan(1);
    expectConsistent(revised, r);
  });

  it('orphans a deleted claim, keeping a result for it', () => {
    const revised = article([before[0], 'Speaking to reporters, she praised the police.', before[2]]);
    expect(reanchor(anchor, revised)).toEqual({
      status: 'orphaned',
      from: null,
      to: null,
      start: null,
      end: null,
      exact: null,
      score: null,
    });
  });

  it('orphans a claim that was rewritten beyond recognition', () => {
    const revised = article([before[0], before[1].replace(CLAIM, 'burglaries rose slightly in March'), before[2]]);
    expect(reanchor(anchor, revised).status).toBe('orphaned');
  });

  it('picks among duplicate quotes by prefix and suffix', () => {
    const twice = article([
      'In 2019 the council said 40 percent of trips were by car.',
      'A survey this spring found 40 percent of residents cycle weekly.',
    ]);
    // Anchor the second copy, without a text position, then shift everything and drop the PM hint.
    const range = { from: 0, to: 0 };
    twice.descendants((node, pos) => {
      if (node.isText && node.text!.startsWith('A survey')) {
        const at = node.text!.indexOf('40 percent');
        range.from = pos + at;
        range.to = range.from + '40 percent'.length;
      }
    });
    const anchor = { ...anchorOn(twice, range.from, range.to, false), from: -1, to: -1 };
    const revised = article([
      'Editor’s note: this article was updated.',
      'A survey this spring found 40 percent of residents cycle weekly.',
      'In 2019 the council said 40 percent of trips were by car.',
    ]);
    const r = reanchor(anchor, revised);
    expect(r.status).toBe('moved');
    expect(textBetween(revised, r.from! - 27, r.to!)).toBe('A survey this spring found 40 percent');
    // With the first copy's context instead, the other one wins.
    const other = reanchor({ ...anchor, prefix: 'In 2019 the council said ', suffix: ' of trips were by car.' }, revised);
    expect(textBetween(revised, other.from! - 25, other.to!)).toBe('In 2019 the council said 40 percent');
  });

  it('looks beyond the old neighbourhood when the claim went far away', () => {
    const filler = Array.from({ length: 100 }, (_, i) => `Paragraph ${i} says nothing of note about the budget or the city.`);
    const original = article([before[1], ...filler]);
    const anchor = anchorFor(original, CLAIM);
    const far = article([...filler, before[1]]);
    const farAndReworded = article([...filler, before[1].replace('fell', 'dropped')]);
    expect(plainTextOf(far).indexOf(CLAIM)).toBeGreaterThan(5_000); // beyond the 4,096-unit neighbourhood
    expect(reanchor(anchor, far)).toMatchObject({ status: 'moved', exact: CLAIM });
    expect(reanchor(anchor, farAndReworded)).toMatchObject({ status: 'fuzzy', exact: CLAIM.replace('fell', 'dropped') });
  });

  it('picks the right one among identical paragraphs', () => {
    const same = 'Rents rose again.';
    const doc3 = article([same, same, same]);
    const middle = findQuote(doc3, same)!.from + same.length + 2; // start of the second paragraph's text
    const anchor = anchorOn(doc3, middle, middle + same.length);
    const revised = article(['New opening paragraph.', same, same, same]);
    const r = reanchor(anchor, revised);
    expect(r.status).toBe('moved');
    expect(r.from).toBe(middle + 'New opening paragraph.'.length + 2);
  });

  it('finds a long quote through its ends, reworded in the middle or at one end', () => {
    const long =
      'The audit covered every department. '.repeat(4) +
      'It found that overtime spending had doubled since 2020, and that ' +
      'the finance office had not reported it to the council as the city charter requires. ' +
      'Officials disputed the method. '.repeat(3);
    expect(long.length).toBeGreaterThan(LONG_QUOTE_LENGTH);
    const original = article(['Intro paragraph.', long, 'Outro paragraph.']);
    const anchor = anchorFor(original, long);
    for (const edited of [
      long.replace('had doubled since 2020', 'had nearly doubled since 2019'),
      long.replace('The audit covered every department.', 'The audit looked at all departments.'),
      long.replace(/Officials disputed the method\. $/, 'The mayor disputed its method.'),
    ]) {
      const revised = article(['Intro paragraph, now longer.', edited, 'Outro paragraph.']);
      const r = reanchor(anchor, revised);
      expect(r.status).toBe('fuzzy');
      expect(r.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
      expect(levenshtein(r.exact!, long)).toBeLessThanOrEqual(maxErrorsFor(long.length));
      expectConsistent(revised, r);
    }
  });

  it('trims a fuzzy match that would start or end on a block separator', () => {
    // Stored ranges may run to the start of the next block ("…hare\n\n") or from the end of the previous one.
    const doc2 = article(['First claim hare', 'Second']);
    const second = findQuote(doc2, 'Second')!;
    const endAnchor = anchorOn(doc2, findQuote(doc2, 'claim hare')!.from, second.from);
    const startAnchor = anchorOn(doc2, second.from - 2, second.to);
    expect(endAnchor.exact).toBe('claim hare\n\n');
    expect(startAnchor.exact).toBe('\n\nSecond');
    const revised = article(['First claim here', 'Secand']);
    const [r1, r2] = reanchorAll([endAnchor, startAnchor], revised);
    expect(r1).toMatchObject({ status: 'fuzzy', exact: 'claim here' });
    expect(r2).toMatchObject({ status: 'fuzzy', exact: 'Secand' });
    // Each trimmed character counts as an edit against the budget.
    expect(levenshtein(r2.exact!, startAnchor.exact)).toBeLessThanOrEqual(maxErrorsFor(startAnchor.exact.length));
    expectConsistent(revised, r1);
    expectConsistent(revised, r2);
  });

  it('measures a fuzzy range by its own text, not by approx-string-match’s start', () => {
    // Found by the property below: the library put this range at 6 errors, 7 away in truth.
    const old = article(['the the the', 'budget café שלום שלום étté rose —']);
    const range = findQuote(old, 'udget café שלו')!;
    const anchor = anchorOn(old, range.from, range.to, false);
    const revised = article(['the the the', 'buet cשלום afé שלום שלום étté rose —']);
    const r = reanchor(anchor, revised);
    if (r.status === 'fuzzy') expect(levenshtein(r.exact!, anchor.exact)).toBeLessThanOrEqual(maxErrorsFor(anchor.exact.length));
    else expect(r.status).toBe('orphaned');
  });

  it('survives malformed anchors and never throws', () => {
    const weird = [
      { from: Number.NaN, to: 5, exact: CLAIM, prefix: '', suffix: '' },
      { from: -4, to: 1e12, exact: CLAIM, prefix: '', suffix: '', start: -1, end: 2.5 },
      { from: 9, to: 3, exact: CLAIM, prefix: '', suffix: '' },
      { from: 1, to: 4, exact: '', prefix: '', suffix: '' },
      { from: 1, to: 4, exact: '\ud83d', prefix: '\udc00', suffix: '' },
      { from: 1, to: 4, exact: 'x'.repeat(5_000), prefix: '', suffix: '' },
      null as unknown as StoredAnchor,
      { exact: 42, prefix: null, suffix: undefined, from: '3', to: '9' } as unknown as StoredAnchor,
    ];
    const results = reanchorAll(weird, doc);
    expect(results).toHaveLength(weird.length);
    for (const r of results) expectConsistent(doc, r);
    // Without positions, the quote alone still finds the claim.
    expect(results[0]).toMatchObject({ status: 'exact', exact: CLAIM }); // found by quote, its context intact
    expect(results[3].status).toBe('orphaned');
  });
});

// Property tests: random articles of words, one annotated span, random edits.
const WORDS = [
  'the',
  'mayor',
  'said',
  'crime',
  'fell',
  '40',
  'percent',
  'city',
  'budget',
  'rose',
  'naïve',
  'café',
  '😀',
  '👩‍👩‍👧',
  '中文',
  'مرحبا',
  'שלום',
  'e\u0301t\u00e9',
  '—',
];
const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 14 }).map((w) => w.join(' '));
const paragraphs = fc.array(sentence, { minLength: 2, maxLength: 6 });

/** Code point arrays, so that edits never split a character. */
type Para = string[];
const cps = (t: string): Para => Array.from(t);

interface Setup {
  paras: Para[];
  /** The annotated paragraph and code point span [start, end) within it. */
  p: number;
  start: number;
  end: number;
  withTextPosition: boolean;
}

const setup = fc
  .tuple(paragraphs, fc.nat(), fc.nat(), fc.nat(), fc.boolean())
  .map(([texts, pi, a, b, withTextPosition]): Setup => {
    const paras = texts.map(cps);
    const p = pi % paras.length;
    const n = paras[p].length;
    let [start, end] = [a % n, b % n].sort((x, y) => x - y);
    if (end === start) end = start + 1;
    return { paras, p, start, end, withTextPosition };
  })
  .filter(({ paras, p, start, end }) => paras[p].slice(start, end).join('').trim() !== '');

function anchorFromSetup({ paras, p, start, end, withTextPosition }: Setup): { doc: PMNode; anchor: StoredAnchor } {
  const doc = article(paras.map((c) => c.join('')));
  const blockStart = findBlockStart(doc, p + 1);
  const from = blockStart + paras[p].slice(0, start).join('').length;
  const to = blockStart + paras[p].slice(0, end).join('').length;
  return { doc, anchor: anchorOn(doc, from, to, withTextPosition) };
}

function findBlockStart(doc: PMNode, child: number): number {
  let at = 0;
  doc.forEach((_n, offset, i) => {
    if (i === child) at = offset + 1;
  });
  return at;
}

const insertText = fc.constantFrom('new ', 'x', ' 😀 ', 'é', 'the mayor ', 'שלום ', '中');
const edit = fc.record({
  where: fc.nat(),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 8 }),
  kind: fc.constantFrom('insert', 'delete'),
  text: insertText,
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/** Applies edits to copies of the paragraphs; `allowed` says which [from, to) code point ranges of a paragraph may change. */
function applyEdits(paras: Para[], edits: Edit[], allowed: (p: number, from: number, to: number) => boolean): Para[] {
  const out = paras.map((c) => [...c]);
  for (const e of edits) {
    const p = e.where % out.length;
    const at = e.at % (out[p].length + 1);
    if (e.kind === 'insert') {
      if (allowed(p, at, at)) out[p].splice(at, 0, ...cps(e.text));
    } else {
      const to = Math.min(out[p].length, at + e.length);
      if (to > at && allowed(p, at, to)) out[p].splice(at, to - at);
    }
  }
  return out;
}

describe('reanchor: budget', () => {
  /** Paragraphs of pseudo-random words (a fixed seed), so that no reordering spells an old quote again. */
  let seed = 42;
  const letter = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 'abcdefghijklmnopqrstuvwxyz'[seed % 26];
  };
  const randomWord = () => Array.from({ length: 4 + (seed % 5) }, letter).join('');
  const paragraphs = Array.from({ length: 40 }, () => Array.from({ length: 30 }, randomWord).join(' '));
  const original = article(paragraphs);
  const anchors = paragraphs.flatMap((text, p) =>
    [0, 10, 20].map((w) =>
      anchorFor(
        original,
        text
          .split(' ')
          .slice(w, w + 5)
          .join(' '),
      ),
    ),
  );
  const reversed = article(paragraphs.map((text) => text.split(' ').reverse().join(' ')));
  const orphan = { status: 'orphaned', from: null, to: null, start: null, end: null, exact: null, score: null };

  it('orphans every annotation of a revision that leaves nothing recognisable', () => {
    expect(reanchorAll(anchors, reversed)).toEqual(anchors.map(() => orphan));
    const unrelated = article(paragraphs.map((_, p) => `Paragraph ${p} is about something else entirely, in other words.`));
    expect(reanchorAll(anchors, unrelated)).toEqual(anchors.map(() => orphan));
  });

  it('orphans the annotations past the batch time budget, after the cheap steps', () => {
    // Every paragraph moves down by one new paragraph (the stored positions miss) and
    // claim 0 of each is reworded (only the approximate search finds it).
    const revised = article([
      'A new first paragraph, pushing everything down.',
      ...paragraphs.map((text) => text.replace(/^\w/, (c) => `${c.toUpperCase()}-`)),
    ]);
    const unbudgeted = reanchorAll(anchors, revised);
    expect(unbudgeted.filter((r) => r.status === 'orphaned')).toHaveLength(0);

    // A clock that ticks once per look: three annotations get the full search, then time is up.
    let t = 0;
    const budgeted = reanchorAll(anchors, revised, { totalMs: 4, now: () => t++ });
    expect(budgeted.slice(0, 3)).toEqual(unbudgeted.slice(0, 3));
    for (const [i, r] of budgeted.entries()) {
      if (i < 3) continue;
      // Past the budget, the verbatim copy next to the old position is still found (it shifted: exact);
      // the reworded claims, which need the approximate search, are orphaned rather than searched for.
      expect(r, `annotation ${i}`).toEqual(i % 3 === 0 ? orphan : unbudgeted[i]);
    }
    expect(budgeted.filter((r) => r.status === 'orphaned')).toHaveLength(paragraphs.length - 1);
  });

  it('caps the approximate search per annotation', () => {
    const filler = Array.from({ length: 100 }, (_, i) => `Paragraph ${i} says nothing of note about the budget or the city.`);
    const original = article([before[1], ...filler]);
    const anchor = anchorFor(original, CLAIM);
    const nearAndReworded = article([before[1].replace('fell', 'dropped'), ...filler]);
    const farAndReworded = article([...filler, before[1].replace('fell', 'dropped')]);
    const far = article([...filler, before[1]]);
    const reworded = { status: 'fuzzy', exact: CLAIM.replace('fell', 'dropped') };
    // No approximate search at all: only verbatim copies are found.
    expect(reanchorAll([anchor], nearAndReworded, { annotationWork: 0 })[0]).toEqual(orphan);
    expect(reanchorAll([anchor], far, { annotationWork: 0 })[0]).toMatchObject({ status: 'moved', exact: CLAIM });
    // Enough for the neighbourhood (about 8,000 characters, two 32-character blocks), not for the whole 7,000-character text beyond it.
    expect(plainTextOf(farAndReworded).length).toBeGreaterThan(6_000);
    expect(reanchorAll([anchor], nearAndReworded, { annotationWork: 20_000 })[0]).toMatchObject(reworded);
    expect(reanchorAll([anchor], farAndReworded, { annotationWork: 20_000 })[0]).toEqual(orphan);
    expect(reanchorAll([anchor], farAndReworded)[0]).toMatchObject(reworded);
  });
});

describe('reanchor: properties', () => {
  it('keeps annotations on identical text when edits happen outside them', () => {
    fc.assert(
      fc.property(setup, fc.array(edit, { minLength: 1, maxLength: 6 }), (st, edits) => {
        const { anchor } = anchorFromSetup(st);
        // The span moves as text is inserted or deleted before it in its paragraph.
        let [start, end] = [st.start, st.end];
        const paras = st.paras.map((c) => [...c]);
        for (const e of edits) {
          const p = e.where % paras.length;
          const at = e.at % (paras[p].length + 1);
          if (e.kind === 'insert') {
            if (p === st.p && at > start && at < end) continue;
            const added = cps(e.text);
            paras[p].splice(at, 0, ...added);
            if (p === st.p && at <= start) [start, end] = [start + added.length, end + added.length];
          } else {
            const to = Math.min(paras[p].length, at + e.length);
            if (p === st.p && at < end && to > start) continue;
            paras[p].splice(at, to - at);
            if (p === st.p && to <= start) [start, end] = [start - (to - at), end - (to - at)];
          }
        }
        expect(paras[st.p].slice(start, end).join('')).toBe(anchor.exact);
        const doc = article(paras.map((c) => c.join('')));
        const r = reanchor(anchor, doc);
        expect(['exact', 'moved']).toContain(r.status);
        expect(r.exact).toBe(anchor.exact);
        expectConsistent(doc, r);
      }),
      { numRuns: 200 },
    );
  });

  it('re-anchors edited spans within the error budget, or orphans them', () => {
    fc.assert(
      fc.property(setup, fc.array(edit, { minLength: 1, maxLength: 3 }), (st, edits) => {
        const { anchor } = anchorFromSetup(st);
        // Edits land inside the span only: positions are taken relative to it.
        const paras = st.paras.map((c) => [...c]);
        const span = paras[st.p].slice(st.start, st.end);
        const edited = applyEdits(
          [span],
          edits.map((e) => ({ ...e, where: 0 })),
          () => true,
        )[0];
        paras[st.p].splice(st.start, st.end - st.start, ...edited);
        const doc = article(paras.map((c) => c.join('')));
        const r = reanchor(anchor, doc);
        expectConsistent(doc, r);
        if (plainTextOf(doc).includes(anchor.exact)) {
          // The old words are still somewhere (an edit undone, or a copy elsewhere).
          expect(['exact', 'moved']).toContain(r.status);
          expect(r.exact).toBe(anchor.exact);
        } else if (r.status === 'fuzzy') {
          expect(r.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
          expect(levenshtein(r.exact!, anchor.exact)).toBeLessThanOrEqual(maxErrorsFor(anchor.exact.length));
        } else {
          expect(r.status).toBe('orphaned');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('returns one result per annotation, in order, whatever the revision', () => {
    fc.assert(
      fc.property(fc.array(setup, { minLength: 1, maxLength: 5 }), paragraphs, (setups, revision) => {
        const anchors = setups.map((st) => anchorFromSetup(st).anchor);
        const doc = article(revision);
        const results = reanchorAll(anchors, doc);
        expect(results).toHaveLength(anchors.length);
        results.forEach((r, i) => {
          expect(['exact', 'moved', 'fuzzy', 'orphaned']).toContain(r.status);
          expect(r).toEqual(reanchor(anchors[i], doc));
          expectConsistent(doc, r);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('snapToWords', () => {
  it('widens a fuzzy match that ends or starts inside a word', () => {
    const text = 'According to the operator, the ferry carried 1.25 million passengers in its first full year of service.';
    const end = text.indexOf('full') + 2; // "…first fu"
    expect(text.slice(...Object.values(snapToWords(text, text.indexOf('the ferry'), end, 'the ferry … first year')))).toBe(
      'the ferry carried 1.25 million passengers in its first full',
    );
    const start = text.indexOf('erry');
    expect(text.slice(...Object.values(snapToWords(text, start, text.indexOf(' carried'), 'ferry')))).toBe('ferry');
  });

  it('leaves boundaries alone when the quote itself cut a word, or at word edges', () => {
    const text = 'unbelievable numbers';
    expect(snapToWords(text, 2, 12, 'believable')).toEqual({ start: 0, end: 12 });
    expect(snapToWords(text, 2, 12, '-believable')).toEqual({ start: 2, end: 12 });
    expect(snapToWords(text, 0, 12, 'unbelievable')).toEqual({ start: 0, end: 12 });
  });
});
