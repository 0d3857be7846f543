// Re-anchoring benchmark, part of `npm run bench`.
// A ~50,000-word article with 5,000 annotations gets a revision with 200
// scattered word edits; we time the cheap path (every stored position still
// holds its quote) against full re-anchoring of the revision. Then a revision
// that rewrites everything (each paragraph's words reversed): the time to
// orphan the 5,000 annotations within the re-anchoring budget.
// Relative imports: the `@/` alias exists only under Vitest.
import type { Node as PMNode } from 'prosemirror-model';
import { quoteAt } from '../../server/domain/anchoring';
import { articleSchema as s } from '../../server/domain/article-schema';
import { DEFAULT_TOTAL_MS, reanchorAll, type AnchorStatus, type Reanchored, type StoredAnchor } from '../../server/domain/reanchor';
import { buildTextIndex, toTextPosition } from '../../server/domain/text-position';
import { random } from './random';

const PARAGRAPHS = 500;
const WORDS_PER_PARAGRAPH = 100;
const ANNOTATIONS = 5_000;
const EDITS = 200;
const TIMED_RUNS = 3;

const rand = random(20240611);
const int = (n: number) => Math.floor(rand() * n);

// A vocabulary of pronounceable words, drawn with a skew so that common words
// repeat as in prose (short quotes then have several verbatim copies). A few
// accented and astral words keep code points and UTF-16 apart.
const SYLLABLES = ['ta', 'ro', 'ven', 'mi', 'sol', 'ka', 'dur', 'le', 'pra', 'no', 'gis', 'el', 'fu', 'tram', 'bo', 'ci'];
const VOCABULARY = Array.from({ length: 3_000 }, (_, i) => {
  const n = 1 + (i % 3);
  let w = '';
  for (let k = 0; k < n; k++) w += SYLLABLES[int(SYLLABLES.length)];
  return i % 97 === 0 ? `${w}é` : i % 211 === 0 ? `${w}😀` : w;
});
const word = () => VOCABULARY[Math.floor(VOCABULARY.length * rand() ** 3)];

/** A word and where it came from, so that we know afterwards which spans an edit touched. */
interface Word {
  text: string;
  id: number;
}

let nextId = 0;
const article: Word[][] = Array.from({ length: PARAGRAPHS }, () =>
  Array.from({ length: WORDS_PER_PARAGRAPH }, () => ({ text: word(), id: nextId++ })),
);

function toDoc(paragraphs: Word[][]): PMNode {
  const blocks = paragraphs.map((words, i) => {
    const text = words.map((w) => w.text).join(' ');
    const content = text ? [s.text(text)] : [];
    // A heading every fifty paragraphs, so blocks are not all alike.
    return i % 50 === 49 ? s.node('heading', { level: 2 }, content) : s.node('paragraph', null, content);
  });
  return s.node('doc', null, [s.node('title', null, [s.text('Benchmark article')]), ...blocks]);
}

/** Start position of each block's content, and of each of its words. */
function wordPositions(doc: PMNode, paragraphs: Word[][]): number[][] {
  const starts: number[] = [];
  doc.forEach((_node, offset) => {
    starts.push(offset + 1);
  });
  return paragraphs.map((words, p) => {
    let pos = starts[p + 1];
    return words.map((w) => {
      const at = pos;
      pos += w.text.length + 1;
      return at;
    });
  });
}

const oldDoc = toDoc(article);
const oldIndex = buildTextIndex(oldDoc);
const positions = wordPositions(oldDoc, article);

interface Span {
  firstId: number;
  lastId: number;
  words: number;
}

const spans: Span[] = [];
const anchors: StoredAnchor[] = [];
for (let i = 0; i < ANNOTATIONS; i++) {
  const p = int(PARAGRAPHS);
  const length = 2 + int(11);
  const first = int(WORDS_PER_PARAGRAPH - length + 1);
  const last = first + length - 1;
  const from = positions[p][first];
  const to = positions[p][last] + article[p][last].text.length;
  anchors.push({ from, to, ...quoteAt(oldDoc, from, to), ...toTextPosition(oldIndex, from, to) });
  spans.push({ firstId: article[p][first].id, lastId: article[p][last].id, words: length });
}

// The revision: insertions, deletions and replacements at random words.
const revised = article.map((words) => [...words]);
for (let i = 0; i < EDITS; i++) {
  const words = revised[int(PARAGRAPHS)];
  const at = int(words.length);
  const kind = i % 3;
  if (kind === 0) words.splice(at, 0, { text: word(), id: -1 });
  else if (kind === 1 && words.length > 1) words.splice(at, 1);
  else words[at] = { text: word(), id: -1 };
}
const newDoc = toDoc(revised);

/** Whether the revision left a span's words in place, untouched and without insertions. */
const where = new Map<number, { p: number; i: number }>();
for (const [p, words] of revised.entries()) {
  for (const [i, w] of words.entries()) if (w.id >= 0) where.set(w.id, { p, i });
}
const intact = spans.map((span) => {
  const a = where.get(span.firstId);
  const b = where.get(span.lastId);
  if (!a || !b || a.p !== b.p || b.i - a.i + 1 !== span.words) return false;
  return revised[a.p].slice(a.i, b.i + 1).every((w, k) => w.id === span.firstId + k);
});

function time(run: () => Reanchored[]): { ms: number; results: Reanchored[] } {
  run(); // warm-up: JIT and caches
  const times: number[] = [];
  let results: Reanchored[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const t0 = performance.now();
    results = run();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)], results };
}

const exactOnly = time(() => reanchorAll(anchors, oldDoc));
const full = time(() => reanchorAll(anchors, newDoc));
// Nothing recognisable: every paragraph's words reversed. Runs up against the batch's budget, so it is timed once.
const rewrittenDoc = toDoc(article.map((words) => [...words].reverse()));
const rewriteStart = performance.now();
const rewritten = reanchorAll(anchors, rewrittenDoc);
const rewrite = { ms: performance.now() - rewriteStart, results: rewritten };

const STATUSES: AnchorStatus[] = ['exact', 'moved', 'fuzzy', 'orphaned'];
const count = (results: Reanchored[], keep: (r: Reanchored, i: number) => boolean = () => true) =>
  STATUSES.map((status) => results.filter((r, i) => r.status === status && keep(r, i)).length);

const wordCount = revised.reduce((n, words) => n + words.length, 0);
console.log(`article: ${PARAGRAPHS} paragraphs and headings, ${wordCount} words, ${oldIndex.text.length} UTF-16 units`);
console.log(`annotations: ${ANNOTATIONS}; revision: ${EDITS} word edits, ${intact.filter((x) => !x).length} annotations touched\n`);

const row = (cells: (string | number)[]) => console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 26 : 9)).join(''));
row(['', ...STATUSES, 'ms', 'ms/annot']);
row(['exact-only (unchanged doc)', ...count(exactOnly.results), exactOnly.ms.toFixed(1), (exactOnly.ms / ANNOTATIONS).toFixed(4)]);
row(['full reanchorAll (revision)', ...count(full.results), full.ms.toFixed(1), (full.ms / ANNOTATIONS).toFixed(4)]);
row(['  of which untouched', ...count(full.results, (_r, i) => intact[i]), '', '']);
row(['  of which touched', ...count(full.results, (_r, i) => !intact[i]), '', '']);
row(['rewrite (words reversed)', ...count(rewrite.results), rewrite.ms.toFixed(1), (rewrite.ms / ANNOTATIONS).toFixed(4)]);
console.log(`\nratio full / exact-only: ${(full.ms / exactOnly.ms).toFixed(1)}×`);
console.log(
  `rewrite: ${ANNOTATIONS} annotations re-anchored or orphaned in ${(rewrite.ms / 1000).toFixed(2)} s ` +
    `(${(rewrite.ms / exactOnly.ms).toFixed(0)}× exact-only; budget ${DEFAULT_TOTAL_MS / 1000} s per batch)`,
);

// Sanity: untouched spans must come back on identical text.
const lost = full.results.filter((r, i) => intact[i] && r.exact !== anchors[i].exact).length;
if (lost > 0) {
  console.error(`${lost} untouched annotations did not come back on their own text`);
  process.exitCode = 1;
}
