// Highlight benchmark: the editor's plugin redraws only the stretch of text a
// changed annotation touches. Timed against rebuilding every highlight, which
// is what a plugin that recomputed its decorations on each update would do.
import { EditorState } from 'prosemirror-state';
import { annotationKey, annotationPlugin, type AnnotationAction, type Highlight } from '../../components/editor/annotation-plugin';
import { CHARS_AROUND } from '../../components/editor/viewport';
import { articleSchema as s } from '../../server/domain/article-schema';

const PARAGRAPHS = 500;
const WORDS = 100;
const HIGHLIGHTS = 5_000;
const CHANGES = 200;

let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const int = (n: number) => Math.floor(rand() * n);

const paragraphs = Array.from({ length: PARAGRAPHS }, (_, p) => Array.from({ length: WORDS }, (_, w) => `w${p}x${w}`).join(' '));
const doc = s.node('doc', null, [
  s.node('title', null, [s.text('Benchmark')]),
  ...paragraphs.map((t) => s.node('paragraph', null, [s.text(t)])),
]);
const starts: number[] = [];
doc.forEach((_node, offset) => {
  starts.push(offset + 1);
});

const verdicts = new Map(['true', 'false', 'mixed'].map((key) => [key, { key, label: key, colour: '#336699', icon: '' }]));
const keys = [...verdicts.keys()];
// Spans of 1–60 characters inside a paragraph; many overlap, as claims in a dense article do.
const highlights: Highlight[] = Array.from({ length: HIGHLIGHTS }, (_, i) => {
  const p = 1 + int(PARAGRAPHS);
  const length = paragraphs[p - 1].length;
  const from = int(length - 61);
  return { id: `h${i}`, from: starts[p] + from, to: starts[p] + from + 1 + int(60), verdict: keys[i % keys.length] };
});

// Every highlight drawn, as before the editor drew only a window near the viewport.
let state = EditorState.create({ doc, plugins: [annotationPlugin({ verdicts, onOpen: () => {} })] });
const act = (action: AnnotationAction) => {
  state = state.apply(state.tr.setMeta(annotationKey, action));
};

function ms(run: () => void): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}

const initial = ms(() => act({ type: 'upsert', highlights }));
const changed = Array.from({ length: CHANGES }, (_, i) => highlights[(i * 97) % HIGHLIGHTS]);
let flip = 0;
const recolour = (h: Highlight): Highlight => ({ ...h, verdict: keys[(keys.indexOf(h.verdict) + 1 + flip++) % keys.length] });

// Warm-up, then the timed runs.
for (const h of changed.slice(0, 20)) act({ type: 'upsert', highlights: [recolour(h)] });
const local =
  ms(() => {
    for (const h of changed) act({ type: 'upsert', highlights: [recolour(h)] });
  }) / CHANGES;
const full =
  ms(() => {
    for (let i = 0; i < 10; i++) {
      act({ type: 'remove', ids: highlights.map((h) => h.id) });
      act({ type: 'upsert', highlights });
    }
  }) / 10;
const segments = annotationKey.getState(state)!.drawn.find().length;

// What opening the article costs now: the decorated state, built before the view, drawing one window.
const opening = (window?: { from: number; to: number }) => () =>
  EditorState.create({ doc, plugins: [annotationPlugin({ verdicts, onOpen: () => {}, highlights, window })] });
const median = (run: () => void, times = 15) => {
  const all = Array.from({ length: times }, () => ms(run)).sort((a, b) => a - b);
  return all[times >> 1];
};
const firstWindow = { from: 0, to: CHARS_AROUND };
const initialWindowed = median(opening(firstWindow));
const initialEverything = median(opening());
const windowed = annotationKey.getState(opening(firstWindow)())!;
const windowSegments = windowed.drawn.find().length;
// Scrolling: a window of the same size moved to the middle of the article.
let scrolled = opening(firstWindow)();
let w = 0;
const scroll = median(() => {
  const from = (w++ % 2 ? 0.3 : 0.6) * doc.content.size;
  scrolled = scrolled.apply(scrolled.tr.setMeta(annotationKey, { type: 'window', from, to: from + CHARS_AROUND }));
}, 41);

console.log(`\nhighlights: ${HIGHLIGHTS} annotations on ${PARAGRAPHS} paragraphs, ${segments} drawn decorations (segments and badges)`);
console.log(`first draw of all highlights            ${initial.toFixed(1).padStart(8)} ms`);
console.log(`one annotation changed (local redraw)   ${local.toFixed(3).padStart(8)} ms   (mean of ${CHANGES})`);
console.log(`rebuilding every highlight              ${full.toFixed(1).padStart(8)} ms   (mean of 10)`);
console.log(`ratio rebuild / local redraw: ${(full / local).toFixed(0)}×`);
console.log(
  `initial state with all ${HIGHLIGHTS}, window drawn      ${initialWindowed.toFixed(1).padStart(8)} ms   (median; ${windowSegments} decorations in a ${CHARS_AROUND}-character window)`,
);
console.log(
  `initial state with all ${HIGHLIGHTS}, everything drawn  ${initialEverything.toFixed(1).padStart(8)} ms   (median; ${segments} decorations)`,
);
console.log(`moving the window (a scroll)            ${scroll.toFixed(2).padStart(8)} ms   (median of 41)`);
