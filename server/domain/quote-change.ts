// What a new revision did to the words under an annotation: a character-level
// diff of the quote a verdict was given on against the quote now, and which
// figures (numbers, dates, number words) changed. Shared by the server, which
// raises the question "is the verdict still right?" and refuses approval
// until it is answered, and the browser, which shows the diff.
import { diffChars } from 'diff';

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
  /** The part touches a number, date or number word: shown more strongly, since a verdict usually hangs on it. */
  figure: boolean;
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may(?=\\.?\\s*\\d)|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const NUMBER_WORDS =
  'zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|' +
  'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|half|dozen|' +
  'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twice|thrice|once';
/** Digits (with their separators and a percent sign), month and day names, and numbers written as words. */
const FIGURE = new RegExp(`\\d+(?:[.,:/]\\d+)*%?|\\b(?:${MONTHS}|${DAYS}|${NUMBER_WORDS})\\b`, 'giu');

/** The figures of a text, lower-cased, in order. */
export function figuresOf(text: string): string[] {
  return [...text.matchAll(FIGURE)].map((m) => m[0].toLowerCase());
}

/** The figures only in `before` (removed) and only in `after` (added), counted as multisets. */
export function changedFigures(before: string, after: string): { removed: string[]; added: string[] } {
  const minus = (a: string[], b: string[]) => {
    const left = [...b];
    return a.filter((x) => {
      const i = left.indexOf(x);
      if (i === -1) return true;
      left.splice(i, 1);
      return false;
    });
  };
  const was = figuresOf(before);
  const now = figuresOf(after);
  return { removed: minus(was, now), added: minus(now, was) };
}

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Whether the words changed, not only spacing, punctuation or case: then the verdict may no longer fit. */
export function wordsChanged(before: string, after: string): boolean {
  const a = wordsOf(before);
  const b = wordsOf(after);
  return a.length !== b.length || a.some((w, i) => w !== b[i]);
}

/** Common runs this short between two changes are folded into them: "all" → "eleven of" reads as one swap, not letter soup. */
const SHORT_COMMON = 3;

/**
 * The character-level diff of `before` → `after` (jsdiff's `diffChars`), with
 * short common runs between changes folded in so a reworded phrase reads as
 * one swap, and each changed part marked when it touches a figure.
 */
export function quoteDiff(before: string, after: string): DiffPart[] {
  const raw = diffChars(before, after).map((c) => ({
    kind: c.added ? ('added' as const) : c.removed ? ('removed' as const) : ('same' as const),
    text: c.value,
  }));
  // Fold: a short common run with changes on both sides becomes a removal and an addition of itself.
  const folded: { kind: DiffPart['kind']; text: string }[] = [];
  raw.forEach((part, i) => {
    const between = i > 0 && i < raw.length - 1 && raw[i - 1].kind !== 'same' && raw[i + 1].kind !== 'same';
    if (part.kind === 'same' && between && [...part.text].length < SHORT_COMMON) {
      folded.push({ kind: 'removed', text: part.text }, { kind: 'added', text: part.text });
    } else folded.push(part);
  });
  // Gather each stretch of changes into one removal followed by one addition.
  const merged: { kind: DiffPart['kind']; text: string }[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) merged.push({ kind: 'removed', text: removed });
    if (added) merged.push({ kind: 'added', text: added });
    removed = '';
    added = '';
  };
  for (const part of folded) {
    if (part.kind === 'removed') removed += part.text;
    else if (part.kind === 'added') added += part.text;
    else {
      flush();
      merged.push(part);
    }
  }
  flush();
  return markFigures(merged, before, after);
}

/** Ranges of figures in a text, widened to whole words so a changed digit inside "1.25" marks the part. */
function figureRanges(text: string): [number, number][] {
  return [...text.matchAll(FIGURE)].map((m) => [m.index, m.index + m[0].length]);
}

function markFigures(parts: { kind: DiffPart['kind']; text: string }[], before: string, after: string): DiffPart[] {
  const inBefore = figureRanges(before);
  const inAfter = figureRanges(after);
  let at = { before: 0, after: 0 };
  return parts.map((part) => {
    const start = at;
    const length = part.text.length;
    const overlaps = (ranges: [number, number][], from: number) => ranges.some(([s, e]) => s < from + length && from < e);
    let figure = false;
    if (part.kind === 'removed') {
      figure = overlaps(inBefore, start.before);
      at = { ...at, before: at.before + length };
    } else if (part.kind === 'added') {
      figure = overlaps(inAfter, start.after);
      at = { ...at, after: at.after + length };
    } else at = { before: at.before + length, after: at.after + length };
    return { ...part, figure: part.kind !== 'same' && figure };
  });
}

/** The question a changed quote carries until someone answers it. */
export const VERDICT_QUESTION = 'The claim’s text changed: is the verdict still right?';

/**
 * Why approval waits for the question to be answered, in words for the person
 * pressing Approve; null when the annotation carries no question. `recheckQuote`
 * is the quote the verdict was given on.
 */
export function verdictQuestionProblem(a: { exact: string; recheckQuote: string | null }): string | null {
  if (a.recheckQuote === null) return null;
  const { removed, added } = changedFigures(a.recheckQuote, a.exact);
  if (removed.length || added.length) {
    const change =
      removed.length && added.length
        ? `${removed.join(', ')} → ${added.join(', ')}`
        : removed.length
          ? `no longer ${removed.join(', ')}`
          : `now ${added.join(', ')}`;
    return `a number or date in its quote changed in a new revision (${change}): answer “is the verdict still right?” first`;
  }
  return 'the words of its quote changed in a new revision: answer “is the verdict still right?” first';
}
