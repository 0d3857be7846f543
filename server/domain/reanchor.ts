// Re-anchoring: finding each annotation again in a new revision of its
// article. As the Hypothesis client does (src/annotator/anchoring/
// match-quote.ts), try the cheapest selector first and check it against the
// quote, then look for the quote itself, then for something close to it:
//
//   1. the stored positions (PM, then code points), if the text there is the quote → 'exact'
//   2. the quote, verbatim, elsewhere; context and closeness pick among copies →
//      'exact' when its prefix and suffix are intact too (only its offset shifted,
//      as every annotation after an edit does), else 'moved' (it sits among other text now)
//   3. an approximate match, scored on quote, context and closeness → 'fuzzy'
//   4. nothing good enough → 'orphaned', kept with its old quote for a human to re-attach
//
// Steps 2 and 3 run within a budget (see ReanchorOptions): a revision that
// leaves nothing recognisable would otherwise scan the whole article with an
// approximate search for every annotation (minutes, on a 2 MB article with
// 5,000 of them). Over budget, an annotation is orphaned, never lost.
//
// Everything happens on the plain text (`plainTextOf`) in UTF-16 offsets;
// `TextIndex` turns the winner back into positions and code points.
import search from 'approx-string-match';
import type { Node as PMNode } from 'prosemirror-model';
import { buildTextIndex, type TextIndex } from './text-position';

import type { AnchorStatus } from './enums';

export type { AnchorStatus };

export interface StoredAnchor {
  from: number;
  to: number;
  exact: string;
  prefix: string;
  suffix: string;
  /** code points in the OLD plain text */
  start?: number;
  end?: number;
}

export interface Reanchored {
  status: AnchorStatus;
  from: number | null;
  to: number | null;
  /** Code points in the NEW plain text. */
  start: number | null;
  end: number | null;
  /** The new document's text at the new range. */
  exact: string | null;
  /**
   * 0..1, the same weighting for every status: 1 for 'exact'. A 'moved' copy
   * whose context changed on both sides scores about 0.7: the same words in a
   * new place, which is either the claim moved or, for a short quote whose
   * claim was deleted, another copy of its words. Nothing in the text tells
   * the two apart (both scored 0.67–0.80 in our trials): worth a human look.
   */
  score: number | null;
}

const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 };
const WEIGHT_SUM = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;

/**
 * Lowest score a fuzzy match needs. Scores weigh quote 50, prefix 20, suffix
 * 20 and position 2 (as Hypothesis does), out of 92. At 0.75 (69 points):
 * - a reworded claim in its unchanged context is kept while its quote score
 *   is at least 0.54 (see maxErrorsFor), so swapping a word or a figure in a
 *   short claim still finds it;
 * - once one side of the context is gone too, the quote must be about 0.8
 *   similar, and nearly intact when both sides are gone: a claim both moved
 *   and reworded is orphaned rather than guessed at;
 * - text elsewhere that merely resembles a deleted claim comes with chance
 *   context (prefix and suffix 0.2–0.5 similar), and scores below 0.71.
 * Measured on 400-annotation trials over a 20,000-word synthetic article:
 * deleted or replaced claims' best candidates scored 0.42–0.71 (never above),
 * claims with one or two words reworded scored 0.75 or more in 94–96% of
 * cases. Orphaning is the safe failure: attaching a verdict to the wrong
 * sentence is worse than asking a fact-checker to re-attach it. 'fuzzy' thus
 * means "this claim, reworded": its verdict needs review.
 */
export const FUZZY_THRESHOLD = 0.75;

/**
 * The lowest quote score that can still reach the threshold, with perfect
 * context and position: (0.75 × 92 − 42) / 50 = 0.54.
 */
const MIN_QUOTE_SCORE = (FUZZY_THRESHOLD * WEIGHT_SUM - (WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position)) / WEIGHTS.quote;

/**
 * Edits allowed between a quote and a fuzzy match: as many as the threshold
 * could ever accept (46% of the quote) and no more, since the search costs
 * O(text × errors / 32) and matches past that budget would be rejected
 * anyway. Hypothesis allows half the quote; a quarter (an obvious choice)
 * misses "crime fell by 40 percent" → "crime dropped by 40 percent", which
 * is 7 edits in 24 characters. Capped at 256 (eight 32-bit blocks).
 */
export function maxErrorsFor(length: number): number {
  // The epsilon keeps 0.46 × 50 from flooring to 22 through rounding.
  return Math.min(256, Math.floor(length * (1 - MIN_QUOTE_SCORE) + 1e-9));
}

/**
 * Quotes longer than this are searched by their first and last EDGE_LENGTH
 * characters: approx-string-match costs O(text × errors / 32), so a 1,000
 * character quote with 256 errors allowed would scan the article eight blocks
 * deep. The two ends (29 errors each, one block) are found across the whole
 * text, and only the windows they point at are searched for the full quote. A
 * long quote whose two ends were both rewritten is orphaned.
 */
export const LONG_QUOTE_LENGTH = 256;
const EDGE_LENGTH = 64;
/** Windows the two ends of a long quote may propose; the ones nearest the old position are kept. */
const MAX_LONG_WINDOWS = 16;

/**
 * How far (UTF-16 units) on each side of the old position to look first.
 * Revisions are mostly local, so this usually finds the quote at a fraction
 * of a whole-text scan. For verbatim copies it is safe: a copy found here with
 * both contexts intact beats any copy farther away. For fuzzy matches it also
 * helps recall, because approx-string-match reports only the lowest-error
 * matches of the text it scans: across the whole article, an unrelated
 * passage one error closer to the quote would hide the real, nearby one.
 */
const NEIGHBOURHOOD = 4096;

/**
 * Limits on the search for annotations that are not where they were. The
 * cheap first steps (the stored position, and the quote verbatim near it)
 * always run; everything else is budgeted, and an annotation the budget does
 * not reach is orphaned: kept with its quote, verdict and the rest, for a
 * human (or the next revision) to re-attach.
 */
export interface ReanchorOptions {
  /**
   * Approximate-search work allowed per annotation, in text characters scanned
   * times 32-character blocks of the pattern (approx-string-match's cost).
   * The whole-text pass is narrowed to a window around the old position that
   * fits what is left. A cheap, deterministic counter: about 10 ms by default.
   */
  annotationWork?: number;
  /**
   * Milliseconds for the whole batch. Once spent, only the cheap steps run and
   * the annotations they do not find are orphaned.
   */
  totalMs?: number;
  /** The clock, in ms (performance.now by default): tests inject their own. */
  now?: () => number;
}

export const DEFAULT_ANNOTATION_WORK = 1_000_000;
export const DEFAULT_TOTAL_MS = 3_000;

/** What is left of the budgets while one annotation is searched for. */
class Budget {
  private readonly deadline: number;
  private readonly now: () => number;
  private readonly perAnnotation: number;
  /** Work left for the current annotation. */
  work = 0;
  constructor(options: ReanchorOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.perAnnotation = Math.max(0, options.annotationWork ?? DEFAULT_ANNOTATION_WORK);
    this.deadline = this.now() + Math.max(0, options.totalMs ?? DEFAULT_TOTAL_MS);
  }
  /** Starts an annotation: false once the batch's time is spent (then only the cheap steps run). */
  next(): boolean {
    const inTime = this.now() < this.deadline;
    this.work = inTime ? this.perAnnotation : 0;
    return inTime;
  }
  /** Whether the search of `chars` characters for a pattern of `patternLength` fits, and if so counts it. */
  take(chars: number, patternLength: number): boolean {
    const cost = Math.max(0, chars) * blocksOf(patternLength);
    if (cost > this.work) return false;
    this.work -= cost;
    return true;
  }
  /** How many characters a search for this pattern may still scan. */
  chars(patternLength: number): number {
    return Math.floor(this.work / blocksOf(patternLength));
  }
}

const blocksOf = (patternLength: number) => Math.max(1, Math.ceil(patternLength / 32));

const ORPHANED: Reanchored = { status: 'orphaned', from: null, to: null, start: null, end: null, exact: null, score: null };

/** A stored anchor with every field checked: annotations come from a database, not from the type checker. */
interface Quote {
  exact: string;
  prefix: string;
  suffix: string;
  from: number | null;
  to: number | null;
  start: number | null;
  end: number | null;
}

interface Match {
  start: number;
  end: number;
  errors: number;
}

interface Scored {
  start: number;
  end: number;
  score: number;
  /** Both contexts found verbatim next to the match. */
  inContext: boolean;
}

const asString = (v: unknown) => (typeof v === 'string' ? v : '');
const asOffset = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

function readAnchor(anchor: StoredAnchor | null | undefined): Quote {
  const a: Partial<Record<keyof StoredAnchor, unknown>> = anchor ?? {};
  return {
    exact: asString(a.exact),
    prefix: asString(a.prefix),
    suffix: asString(a.suffix),
    from: asOffset(a.from),
    to: asOffset(a.to),
    start: asOffset(a.start),
    end: asOffset(a.end),
  };
}

export function reanchor(
  anchor: StoredAnchor,
  doc: PMNode,
  index: TextIndex = buildTextIndex(doc),
  budget: Budget = new Budget(),
): Reanchored {
  const quote = readAnchor(anchor);
  if (quote.exact === '') return { ...ORPHANED };
  const searching = budget.next();
  return atStoredPosition(quote, index) ?? elsewhere(quote, index, budget, searching) ?? { ...ORPHANED };
}

/**
 * One result per anchor, in the same order; the document is indexed once.
 * Within `options`' budgets (see ReanchorOptions): annotations late in a
 * batch that ran out of time get only the cheap steps.
 */
export function reanchorAll(anchors: StoredAnchor[], doc: PMNode, options: ReanchorOptions = {}): Reanchored[] {
  const index = buildTextIndex(doc);
  const budget = new Budget(options);
  return anchors.map((anchor) => reanchor(anchor, doc, index, budget));
}

function anchored(status: AnchorStatus, index: TextIndex, start: number, end: number, score: number): Reanchored {
  return {
    status,
    from: index.toPos(start, 'start'),
    to: index.toPos(end, 'end'),
    start: index.codePoints.toCodePoint(start, 'start'),
    end: index.codePoints.toCodePoint(end, 'end'),
    exact: index.text.slice(start, end),
    score,
  };
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Further than this, a word is not one the reviewer selected part of. */
const MAX_SNAP = 24;

/**
 * The fewest edits can end a fuzzy match inside a word ("in its first fu" for
 * "first year" → "first full year"). A reviewer selects whole words, so where
 * the quote itself began or ended on a word boundary, widen the match to the
 * words it cuts. Never across a block separator, since only letters are crossed.
 */
export function snapToWords(text: string, start: number, end: number, quote: string): { start: number; end: number } {
  const isWord = (i: number) => i >= 0 && i < text.length && WORD_CHAR.test(text[i]);
  let s = start;
  let e = end;
  if (WORD_CHAR.test(quote[0] ?? '') && isWord(s) && isWord(s - 1)) {
    while (s > start - MAX_SNAP && isWord(s - 1)) s--;
    if (isWord(s - 1)) s = start;
  }
  if (WORD_CHAR.test(quote[quote.length - 1] ?? '') && isWord(e - 1) && isWord(e)) {
    while (e < end + MAX_SNAP && isWord(e)) e++;
    if (isWord(e)) e = end;
  }
  return { start: s, end: e };
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

// Step 1: the stored positions, trusted only if they still hold the quote.
// The index gives textBetween's text for inline positions in O(log n), where
// doc.resolve and textBetween walk the top-level blocks one by one: for 5,000
// annotations on a 500-paragraph article, 88 ms became 7 ms (tests/bench).
function atStoredPosition(q: Quote, index: TextIndex): Reanchored | null {
  const { from, to } = q;
  if (from !== null && to !== null && from < to && index.isInline(from) && index.isInline(to)) {
    const s = index.toOffset(from, 'start');
    const e = index.toOffset(to, 'end');
    if (index.text.slice(s, e) === q.exact) return anchored('exact', index, s, e, 1);
  }
  // The text position survives changes that shift PM positions but not the
  // text, such as a paragraph turned into a list item.
  const { start, end } = q;
  if (start !== null && end !== null && start < end && end <= index.codePoints.codePointLength) {
    const s = index.codePoints.toUtf16(start);
    const e = index.codePoints.toUtf16(end);
    if (index.text.slice(s, e) === q.exact && index.isPositionOffset(s) && index.isPositionOffset(e)) {
      return anchored('exact', index, s, e, 1);
    }
  }
  return null;
}

// Steps 2 and 3: search, near the old position first, then everywhere.
// Without `searching` (the batch's time is spent), only the verbatim search
// near the old position runs: a few kilobytes of indexOf.
function elsewhere(q: Quote, index: TextIndex, budget: Budget, searching: boolean): Reanchored | null {
  const text = index.text;
  const hint = hintOf(q, index);
  const near: [number, number] | null =
    hint === null ? null : [Math.max(0, hint - NEIGHBOURHOOD), Math.min(text.length, hint + q.exact.length + NEIGHBOURHOOD)];
  const wholeText: [number, number] = [0, text.length];
  const coversAll = near !== null && near[0] === 0 && near[1] === text.length;
  const score = scorer(q, text, hint);

  const copy = (near && best(verbatim(q.exact, index, near), score)) ?? null;
  const bestCopy = copy?.inContext || coversAll || !searching ? copy : best(verbatim(q.exact, index, wholeText), score);
  if (bestCopy) {
    const same = index.toPos(bestCopy.start, 'start') === q.from && index.toPos(bestCopy.end, 'end') === q.to;
    // A shifted offset alone is no news for a reviewer: flag only text whose surroundings changed.
    return anchored(same || bestCopy.inContext ? 'exact' : 'moved', index, bestCopy.start, bestCopy.end, bestCopy.score);
  }

  const maxErrors = maxErrorsFor(q.exact.length);
  if (maxErrors === 0 || !searching) return null;
  const fuzzy = (range: [number, number] | null) => {
    if (!range) return null;
    const found = best(approximate(q.exact, index, range, maxErrors, hint, budget), score);
    return found && found.score >= FUZZY_THRESHOLD ? found : null;
  };
  const found = (near && fuzzy(near)) ?? (coversAll ? null : fuzzy(within(wholeText, hint, affordable(q.exact, budget))));
  if (!found) return null;
  // Whole words, if that keeps the match within the error budget (checked on quotes short enough to compare cheaply).
  const snapped = snapToWords(index.text, found.start, found.end, q.exact);
  const widened = snapped.start !== found.start || snapped.end !== found.end;
  const keep =
    widened && q.exact.length <= LONG_QUOTE_LENGTH && editDistance(index.text.slice(snapped.start, snapped.end), q.exact) <= maxErrors;
  return keep
    ? anchored('fuzzy', index, snapped.start, snapped.end, found.score)
    : anchored('fuzzy', index, found.start, found.end, found.score);
}

/**
 * How many characters of text the whole-text pass may still scan for this
 * quote: a short quote is searched once; a long one by its two ends, keeping
 * half of the work for the windows they point at.
 */
function affordable(exact: string, budget: Budget): number {
  return exact.length > LONG_QUOTE_LENGTH ? Math.floor(budget.chars(EDGE_LENGTH) / 4) : budget.chars(exact.length);
}

/**
 * `range` narrowed to at most `chars` characters centred on `hint` (the start
 * of the text without one): the part of the whole-text pass the budget
 * affords. Null when nothing is affordable.
 */
function within([lo, hi]: [number, number], hint: number | null, chars: number): [number, number] | null {
  if (chars <= 0) return null;
  if (hi - lo <= chars) return [lo, hi];
  const centre = hint ?? lo;
  const start = Math.max(lo, Math.min(hi - chars, centre - Math.floor(chars / 2)));
  return [start, start + chars];
}

/** Where the quote used to be, in the new text: the old code points, else the old PM position; null if neither is known. */
function hintOf(q: Quote, index: TextIndex): number | null {
  if (q.start !== null) return index.codePoints.toUtf16(q.start);
  if (q.from !== null) return index.toOffset(q.from, 'start');
  return null;
}

/** Every verbatim copy of the quote starting in `range` that positions can represent exactly. */
function verbatim(exact: string, index: TextIndex, [lo, hi]: [number, number]): Match[] {
  // Search a slice: on the whole text, indexOf would run on to the next copy, often the end of the article.
  const text = index.text.slice(lo, hi);
  const matches: Match[] = [];
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    const start = lo + at;
    const end = start + exact.length;
    // A copy starting or ending inside a block separator (a quote beginning
    // with a hard break's "\n", say) has no position range with that text.
    if (index.isPositionOffset(start) && index.isPositionOffset(end)) matches.push({ start, end, errors: 0 });
  }
  return matches;
}

/**
 * Approximate matches in `range`, moved off block separators and out of
 * surrogate pairs. Each such trim costs at most one edit per character it
 * removes or adds, so the error count stays an upper bound of the edit
 * distance between the new text and the quote. Matches over budget after
 * trimming are dropped: the threshold would reject most of them anyway, but
 * not past the 256 cap, on quotes longer than 556 characters.
 */
function approximate(
  exact: string,
  index: TextIndex,
  range: [number, number],
  maxErrors: number,
  hint: number | null,
  budget: Budget,
): Match[] {
  const raw =
    exact.length > LONG_QUOTE_LENGTH
      ? longQuoteMatches(exact, index.text, range, maxErrors, hint, budget)
      : budget.take(range[1] - range[0], exact.length)
        ? searchIn(index.text, exact, range, maxErrors)
        : [];
  const matches: Match[] = [];
  for (const found of raw) {
    const m = alignStart(index.text, exact, found.end, maxErrors);
    const trimmed = m && index.trimToBlocks(m.start, m.end);
    if (!m || !trimmed) continue;
    const errors = m.errors + Math.abs(trimmed.start - m.start) + Math.abs(trimmed.end - m.end);
    if (errors <= maxErrors) matches.push({ ...trimmed, errors });
  }
  return matches;
}

/**
 * The start that best aligns `pattern` with the text ending at `end`, and the
 * edit distance between them. approx-string-match computes ends and error
 * counts exactly, but its start comes from a reverse search that is not tied
 * to that end, so the range it reports can be further from the pattern than
 * its error count says (the property tests found "uet cשלום afé שלו" reported
 * at 6 errors from "udget café שלו", which is 7 away). A dynamic program over
 * the text before `end`, from the end backwards, kept to a band of ±maxErrors
 * around the diagonal: O(pattern × maxErrors).
 */
function alignStart(text: string, pattern: string, end: number, maxErrors: number): Match | null {
  const m = pattern.length;
  const width = Math.min(end, m + maxErrors);
  const FAR = maxErrors + 1; // any value past the budget will do outside the band
  // row[j]: distance between the last i characters of the pattern and the last j before `end`.
  let row = new Int32Array(width + 1);
  for (let j = 0; j <= width; j++) row[j] = Math.min(j, FAR);
  for (let i = 1; i <= m; i++) {
    const next = new Int32Array(width + 1).fill(FAR);
    const lo = Math.max(0, i - maxErrors);
    const hi = Math.min(width, i + maxErrors);
    if (lo === 0) next[0] = Math.min(i, FAR);
    const c = pattern.charCodeAt(m - i);
    for (let j = Math.max(1, lo); j <= hi; j++) {
      const diagonal = row[j - 1] + (text.charCodeAt(end - j) === c ? 0 : 1);
      next[j] = Math.min(diagonal, row[j] + 1, next[j - 1] + 1, FAR);
    }
    row = next;
  }
  // The fewest errors; on a tie, the length closest to the pattern's.
  let best = -1;
  for (let j = 0; j <= width; j++) {
    if (best < 0 || row[j] < row[best] || (row[j] === row[best] && Math.abs(j - m) < Math.abs(best - m))) best = j;
  }
  return best >= 0 && row[best] <= maxErrors ? { start: end - best, end, errors: row[best] } : null;
}

function searchIn(text: string, pattern: string, [lo, hi]: [number, number], maxErrors: number): Match[] {
  return search(text.slice(lo, hi), pattern, maxErrors).map((m) => ({ start: lo + m.start, end: lo + m.end, errors: m.errors }));
}

/** See LONG_QUOTE_LENGTH: find the ends, then the whole quote only around them. */
function longQuoteMatches(
  exact: string,
  text: string,
  range: [number, number],
  maxErrors: number,
  hint: number | null,
  budget: Budget,
): Match[] {
  const edgeErrors = maxErrorsFor(EDGE_LENGTH);
  // Both ends over the range, then each window in turn while the budget lasts.
  if (!budget.take(2 * (range[1] - range[0]), EDGE_LENGTH)) return [];
  const windows: [number, number][] = [
    ...searchIn(text, exact.slice(0, EDGE_LENGTH), range, edgeErrors).map((m): [number, number] => [m.start, m.start + exact.length]),
    ...searchIn(text, exact.slice(-EDGE_LENGTH), range, edgeErrors).map((m): [number, number] => [m.end - exact.length, m.end]),
  ].map(([s, e]): [number, number] => [Math.max(0, s - maxErrors), Math.min(text.length, e + maxErrors)]);

  // The head and tail of one occurrence propose nearly the same window: merge overlaps.
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  const centre = hint ?? 0;
  const distance = (w: [number, number]) => (centre < w[0] ? w[0] - centre : centre > w[1] ? centre - w[1] : 0);
  return merged
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, MAX_LONG_WINDOWS)
    .flatMap((w) => (budget.take(w[1] - w[0], exact.length) ? searchIn(text, exact, w, maxErrors) : []));
}

/**
 * How well `text` holds `expected` (context next to a candidate), 0..1, as
 * Hypothesis's textMatchScore: 1 − edit errors / length of its best match.
 */
function contextScore(text: string, expected: string): number {
  if (expected === '') return 1;
  if (text === expected) return 1;
  if (text === '') return 0;
  const matches = search(text, expected, expected.length);
  return matches.length === 0 ? 0 : 1 - matches[0].errors / expected.length;
}

/** Hypothesis's weighting of quote, context and closeness, normalised to 0..1. */
function scorer(q: Quote, text: string, hint: number | null): (m: Match) => Scored {
  return (m) => {
    const before = text.slice(Math.max(0, m.start - q.prefix.length), m.start);
    const after = text.slice(m.end, m.end + q.suffix.length);
    const prefix = contextScore(before, q.prefix);
    const suffix = contextScore(after, q.suffix);
    const position = hint === null || text.length === 0 ? 1 : 1 - Math.abs(m.start - hint) / text.length;
    const raw =
      WEIGHTS.quote * (1 - m.errors / q.exact.length) + WEIGHTS.prefix * prefix + WEIGHTS.suffix * suffix + WEIGHTS.position * position;
    return { start: m.start, end: m.end, score: raw / WEIGHT_SUM, inContext: prefix === 1 && suffix === 1 };
  };
}

/** Highest score; the first found on a tie. */
function best(matches: Match[], score: (m: Match) => Scored): Scored | null {
  let top: Scored | null = null;
  for (const m of matches) {
    const s = score(m);
    if (!top || s.score > top.score) top = s;
  }
  return top;
}
