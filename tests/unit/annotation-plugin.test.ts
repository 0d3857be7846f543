import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { articleSchema as s } from '@/server/domain/article-schema';
import { annotationKey, annotationPlugin, annotationsAt, type AnnotationAction } from '@/components/editor/annotation-plugin';
import { findQuote } from '@/server/domain/anchoring';

const doc = s.node('doc', null, [
  s.node('title', null, [s.text('A headline that claims things')]),
  s.node('paragraph', null, [s.text('First claim here, and a second claim overlapping it.')]),
  s.node('paragraph', null, [s.text('Unrelated text that nobody annotates.')]),
]);
const verdicts = new Map([
  ['false', { key: 'false', label: 'False', colour: '#b3261e', icon: '✘' }],
  ['true', { key: 'true', label: 'True', colour: '#1b7f3b', icon: '✔' }],
]);

function setup() {
  let state = EditorState.create({ doc, plugins: [annotationPlugin({ verdicts, onOpen: () => {} })] });
  const act = (action: AnnotationAction) => {
    state = state.apply(state.tr.setMeta(annotationKey, action));
    return annotationKey.getState(state)!;
  };
  return {
    act,
    get state() {
      return state;
    },
  };
}

// Decoration keeps its attributes on an internal `type`; tests peek at it to see what will be drawn.
type Drawn = { type: { attrs: Record<string, string> } };
const typeOf = (d: unknown) => (d as Drawn).type;

const range = (text: string) => findQuote(doc, text)!;
const segments = (value: ReturnType<ReturnType<typeof setup>['act']>) =>
  value.drawn
    .find(undefined, undefined, (spec) => spec.segment === true)
    .map((d) => ({ text: doc.textBetween(d.from, d.to), ids: typeOf(d).attrs['data-annotation-id'] }));

describe('annotation plugin', () => {
  it('draws overlapping annotations as segments that name every covering id', () => {
    const { act } = setup();
    const a = range('First claim here, and a second');
    const b = range('a second claim overlapping');
    const value = act({
      type: 'upsert',
      highlights: [
        { id: 'a', ...a, verdict: 'false' },
        { id: 'b', ...b, verdict: 'true' },
      ],
    });
    expect(segments(value)).toEqual([
      { text: 'First claim here, and ', ids: 'a' },
      { text: 'a second', ids: 'a b' },
      { text: ' claim overlapping', ids: 'b' },
    ]);
    expect(value.drawn.find(undefined, undefined, (spec) => typeof spec.badgeFor === 'string')).toHaveLength(2);
  });

  it('redraws only what a change touches and forgets removed annotations', () => {
    const t = setup();
    const a = range('First claim');
    const far = range('nobody annotates');
    const first = t.act({
      type: 'upsert',
      highlights: [
        { id: 'a', ...a, verdict: 'false' },
        { id: 'far', ...far, verdict: 'true' },
      ],
    });
    const farDeco = first.drawn.find(far.from, far.to, (spec) => spec.segment === true)[0];
    const second = t.act({ type: 'upsert', highlights: [{ id: 'a', ...a, verdict: 'true' }] });
    // The far highlight's decoration is kept (find() copies decorations, but their type is shared), not rebuilt.
    expect(second.drawn.find(far.from, far.to, (spec) => spec.segment === true)[0]).toSatisfy((d) => typeOf(d) === typeOf(farDeco));
    const third = t.act({ type: 'remove', ids: ['a'] });
    expect(segments(third).map((s) => s.ids)).toEqual(['far']);
    expect(annotationsAt(t.state, a.from + 1)).toEqual([]);
    expect(annotationsAt(t.state, far.from + 1)).toEqual(['far']);
  });

  it('tells each segment’s verdict and state in words, as a description that names every covering annotation', () => {
    const { act } = setup();
    const a = range('First claim here, and a second');
    const b = range('a second claim overlapping');
    const value = act({
      type: 'upsert',
      highlights: [
        { id: 'a', ...a, verdict: 'false', state: 'draft' },
        { id: 'b', ...b, verdict: 'true', state: 'in review, fuzzy match' },
      ],
    });
    const said = value.drawn
      .find(undefined, undefined, (spec) => spec.segment === true)
      .map((d) => [typeOf(d).attrs.nodeName, typeOf(d).attrs['aria-description'], typeOf(d).attrs.title]);
    expect(said).toEqual([
      ['mark', 'Annotation: False, draft', 'False, draft'],
      ['mark', 'Annotations: False, draft; True, in review, fuzzy match', 'False, draft · True, in review, fuzzy match'],
      ['mark', 'Annotation: True, in review, fuzzy match', 'True, in review, fuzzy match'],
    ]);
  });

  it('draws each status as a class on the innermost segment and on the badge, and redraws it when the status changes', () => {
    const t = setup();
    const a = range('First claim here, and a second');
    const b = range('a second claim overlapping');
    const classesOf = (value: ReturnType<typeof t.act>) =>
      value.drawn
        .find(undefined, undefined, (spec) => spec.segment === true)
        .map((d) => [
          doc.textBetween(d.from, d.to),
          typeOf(d)
            .attrs.class.split(' ')
            .filter((c) => c.startsWith('s-')),
        ]);
    const first = t.act({
      type: 'upsert',
      highlights: [
        { id: 'a', ...a, verdict: 'false', state: 'draft', status: 'draft' },
        { id: 'b', ...b, verdict: 'true', state: 'approved', status: 'approved' },
      ],
    });
    expect(classesOf(first)).toEqual([
      ['First claim here, and ', ['s-draft']],
      ['a second', ['s-approved']],
      [' claim overlapping', ['s-approved']],
    ]);
    const badgeKeys = (value: ReturnType<typeof t.act>) =>
      value.drawn.find(undefined, undefined, (spec) => typeof spec.badgeFor === 'string').map((d) => (d.spec as { key: string }).key);
    expect(badgeKeys(first)).toContain('badge:a:false:draft:false');
    const second = t.act({ type: 'upsert', highlights: [{ id: 'a', ...a, verdict: 'false', state: 'in review', status: 'in_review' }] });
    expect(classesOf(second)[0]).toEqual(['First claim here, and ', ['s-in_review']]);
    expect(badgeKeys(second)).toContain('badge:a:false:in review:false');
  });

  it('marks the active annotation', () => {
    const { act } = setup();
    const a = range('First claim');
    act({ type: 'upsert', highlights: [{ id: 'a', ...a, verdict: 'false' }] });
    const value = act({ type: 'activate', id: 'a' });
    const [deco] = value.drawn.find(undefined, undefined, (spec) => spec.segment === true);
    expect(typeOf(deco).attrs.class).toContain('is-active');
  });
});

describe('annotation plugin, many at once', () => {
  const long = s.node('doc', null, [
    s.node('title', null, [s.text('Title')]),
    ...Array.from({ length: 20 }, (_, p) =>
      s.node('paragraph', null, [s.text(`Paragraph ${p} has words that reviewers mark up in many overlapping ways.`)]),
    ),
  ]);
  const highlights = Array.from({ length: 150 }, (_, i) => {
    const para = 1 + (i % 20);
    let start = 0;
    long.forEach((_node, offset, index) => {
      if (index === para) start = offset + 1;
    });
    const from = start + ((i * 7) % 40);
    return { id: `h${i}`, from, to: from + 3 + ((i * 13) % 25), verdict: i % 2 ? 'true' : 'false' };
  });

  /** For each id, the text its drawn segments cover, in order. */
  function coverage(value: { drawn: import('prosemirror-view').DecorationSet }) {
    const out = new Map<string, string>();
    for (const d of value.drawn.find(undefined, undefined, (spec) => spec.segment === true).sort((a, b) => a.from - b.from)) {
      for (const id of typeOf(d).attrs['data-annotation-id'].split(' ')) out.set(id, (out.get(id) ?? '') + long.textBetween(d.from, d.to));
    }
    return out;
  }

  it('draws a large batch in one pass with the same result as one at a time', () => {
    let batch = EditorState.create({ doc: long, plugins: [annotationPlugin({ verdicts, onOpen: () => {} })] });
    batch = batch.apply(batch.tr.setMeta(annotationKey, { type: 'upsert', highlights }));
    let single = EditorState.create({ doc: long, plugins: [annotationPlugin({ verdicts, onOpen: () => {} })] });
    for (const h of highlights) single = single.apply(single.tr.setMeta(annotationKey, { type: 'upsert', highlights: [h] }));

    const expected = new Map(highlights.map((h) => [h.id, long.textBetween(h.from, h.to)]));
    expect(coverage(annotationKey.getState(batch)!)).toEqual(expected);
    expect(coverage(annotationKey.getState(single)!)).toEqual(expected);
  });
});

/** Runs `body` with a jsdom document as the global one, as an EditorView needs. */
async function withDom(body: (dom: import('jsdom').JSDOM) => Promise<void>) {
  const { JSDOM } = await import('jsdom');
  const dom = new JSDOM('<!doctype html><div id="m"></div>');
  const g = globalThis as Record<string, unknown>;
  const saved = ['window', 'document', 'navigator'].map((k) => [k, g[k]] as const);
  Object.assign(g, { window: dom.window, document: dom.window.document, navigator: dom.window.navigator });
  try {
    await body(dom);
  } finally {
    for (const [k, v] of saved) g[k] = v;
  }
}

describe('drawn in the page', () => {
  it('shows badges to the eye and the mouse only: hidden from assistive technology, out of the tab order, opening on click', () =>
    withDom(async (dom) => {
      const { EditorView } = await import('prosemirror-view');
      const opened: string[] = [];
      const state = EditorState.create({ doc, plugins: [annotationPlugin({ verdicts, onOpen: (id) => opened.push(id) })] });
      const view = new EditorView(dom.window.document.getElementById('m'), { state });
      view.dispatch(
        view.state.tr.setMeta(annotationKey, {
          type: 'upsert',
          highlights: [{ id: 'h', ...findQuote(doc, 'A headline')!, verdict: 'false', state: 'draft' }],
        }),
      );
      const heading = view.dom.querySelector('h1')!;
      const badge = heading.querySelector<HTMLElement>('[data-badge-for="h"]')!;
      expect(badge.textContent).toBe('✘ False');
      expect(badge.getAttribute('aria-hidden')).toBe('true');
      // Not a control: nothing inside the article is a tab stop of its own.
      expect(heading.querySelectorAll('button, a[href], [tabindex]')).toHaveLength(0);
      expect(heading.querySelector('mark')!.getAttribute('aria-description')).toBe('Annotation: False, draft');
      badge.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true }));
      expect(opened).toEqual(['h']);
      view.destroy();
    }));
});

describe('keyboard walk through annotations', () => {
  it('selects the next and previous annotation, wrapping around', () =>
    withDom(async (dom) => {
      const { EditorView } = await import('prosemirror-view');
      const { selectAdjacentAnnotation } = await import('@/components/editor/annotation-plugin');
      const state = EditorState.create({ doc, plugins: [annotationPlugin({ verdicts, onOpen: () => {} })] });
      const view = new EditorView(dom.window.document.getElementById('m'), { state });
      const a = range('First claim');
      const b = range('second claim');
      view.dispatch(
        view.state.tr.setMeta(annotationKey, {
          type: 'upsert',
          highlights: [
            { id: 'b', ...b, verdict: 'true' },
            { id: 'a', ...a, verdict: 'false' },
          ],
        }),
      );
      expect(selectAdjacentAnnotation(view, 1)).toEqual({ id: 'a', index: 0, count: 2 });
      expect([view.state.selection.from, view.state.selection.to]).toEqual([a.from, a.to]);
      expect(selectAdjacentAnnotation(view, 1)).toMatchObject({ id: 'b', index: 1 });
      expect(selectAdjacentAnnotation(view, 1)).toMatchObject({ id: 'a', index: 0 });
      expect(selectAdjacentAnnotation(view, -1)).toMatchObject({ id: 'b', index: 1 });
      view.destroy();
    }));
});

describe('drawing only a window of a long article', () => {
  // 200 paragraphs; annotation i sits in paragraph i (and every tenth one runs on into the next paragraph).
  const paragraphs = Array.from({ length: 200 }, (_, p) => `Paragraph ${p} says something a reviewer checks.`);
  const long = s.node('doc', null, [
    s.node('title', null, [s.text('Title')]),
    ...paragraphs.map((t) => s.node('paragraph', null, [s.text(t)])),
  ]);
  const starts: number[] = [];
  long.forEach((_node, offset) => {
    starts.push(offset);
  });
  /** Text position `n` characters into paragraph `p`. */
  const at = (p: number, n: number) => starts[p + 1] + 1 + n;
  const highlights = paragraphs.map((_, p) => ({
    id: `h${p}`,
    from: at(p, 10),
    to: p % 10 === 9 && p < 199 ? at(p + 1, 9) : at(p, 20),
    verdict: p % 2 ? 'true' : 'false',
  }));

  function create(window?: { from: number; to: number }) {
    let state = EditorState.create({ doc: long, plugins: [annotationPlugin({ verdicts, onOpen: () => {}, highlights, window })] });
    const act = (action: AnnotationAction) => {
      state = state.apply(state.tr.setMeta(annotationKey, action));
      return annotationKey.getState(state)!;
    };
    return {
      act,
      get state() {
        return state;
      },
      get value() {
        return annotationKey.getState(state)!;
      },
    };
  }
  const drawnIds = (value: { drawn: import('prosemirror-view').DecorationSet }) =>
    [
      ...new Set(
        value.drawn
          .find(undefined, undefined, (spec) => spec.segment === true)
          .flatMap((d) => typeOf(d).attrs['data-annotation-id'].split(' ')),
      ),
    ].sort();
  const badges = (value: { drawn: import('prosemirror-view').DecorationSet }) =>
    value.drawn
      .find(undefined, undefined, (spec) => typeof spec.badgeFor === 'string')
      .map((d) => d.spec.badgeFor as string)
      .sort();

  it('starts with every annotation in its first state, drawn over the whole document when no window is given', () => {
    const { value } = create();
    expect(value.count).toBe(200);
    expect(drawnIds(value)).toHaveLength(200);
    expect(value.find('h42')).toMatchObject({ from: at(42, 10), to: at(42, 20), spec: { id: 'h42', verdict: 'false' } });
  });

  it('draws only the annotations that intersect the window, widened to whole blocks, including those across its edge', () => {
    const t = create({ from: 0, to: 0 });
    // Paragraphs 20–29: h19 runs on into paragraph 20, h29 on into paragraph 30 (outside the window, but started inside it).
    const value = t.act({ type: 'window', from: at(20, 3), to: at(29, 3) });
    expect(value.window).toEqual({ from: starts[21], to: starts[31] });
    expect(drawnIds(value)).toEqual(['h19', ...Array.from({ length: 10 }, (_, i) => `h${20 + i}`)].sort());
    // A badge for each annotation that ends inside the window: h19's (in paragraph 20) yes, h29's (in paragraph 30) no.
    expect(badges(value)).toEqual(['h19', ...Array.from({ length: 9 }, (_, i) => `h${20 + i}`)].sort());
    // Segments are clipped to the window: nothing drawn outside it.
    for (const d of value.drawn.find()) expect([d.from >= value.window.from, d.to <= value.window.to]).toEqual([true, true]);
    // Every annotation is still there to find.
    expect(value.count).toBe(200);
    expect(annotationsAt(t.state, at(150, 12))).toEqual(['h150']);
  });

  it('redraws the same result whichever way the window came to be', () => {
    const t = create({ from: 0, to: 0 });
    t.act({ type: 'window', from: at(100, 0), to: at(120, 0) });
    const moved = t.act({ type: 'window', from: at(30, 0), to: at(40, 0) });
    expect(drawnIds(moved)).toEqual(drawnIds(create({ from: at(30, 0), to: at(40, 0) }).value));
  });

  it('changes anchors but draws nothing for an upsert outside the window, and draws one inside it', () => {
    const t = create({ from: at(0, 0), to: at(5, 0) });
    const before = t.value.drawn;
    const outside = t.act({ type: 'upsert', highlights: [{ id: 'new', from: at(150, 0), to: at(150, 5), verdict: 'true' }] });
    expect(outside.drawn).toBe(before);
    expect(outside.find('new')).toMatchObject({ from: at(150, 0), to: at(150, 5) });
    expect(outside.count).toBe(201);
    const inside = t.act({ type: 'upsert', highlights: [{ id: 'new', from: at(2, 0), to: at(2, 5), verdict: 'true' }] });
    expect(drawnIds(inside)).toContain('new');
    expect(inside.find('new')).toMatchObject({ from: at(2, 0) });
    expect(inside.count).toBe(201);
  });

  it('removes annotations by id, inside the window and out of it', () => {
    const t = create({ from: at(0, 0), to: at(5, 0) });
    const value = t.act({ type: 'remove', ids: ['h2', 'h150', 'nonexistent'] });
    expect(value.count).toBe(198);
    expect(value.find('h2')).toBeUndefined();
    expect(value.find('h150')).toBeUndefined();
    expect(drawnIds(value)).not.toContain('h2');
    expect(annotationsAt(t.state, at(150, 12))).toEqual([]);
  });

  it('marks an active annotation outside the window when the window reaches it', () => {
    const t = create({ from: at(0, 0), to: at(5, 0) });
    t.act({ type: 'activate', id: 'h150' });
    const value = t.act({ type: 'window', from: at(149, 0), to: at(151, 0) });
    const active = value.drawn
      .find(undefined, undefined, (spec) => spec.segment === true)
      .filter((d) => typeOf(d).attrs.class.includes('is-active'));
    expect(active.map((d) => typeOf(d).attrs['data-annotation-id'])).toEqual(['h150']);
  });

  it('walks with Alt+Down to annotations outside the window', () =>
    withDom(async (dom) => {
      const { EditorView } = await import('prosemirror-view');
      const { selectAdjacentAnnotation } = await import('@/components/editor/annotation-plugin');
      const state = EditorState.create({
        doc: long,
        plugins: [annotationPlugin({ verdicts, onOpen: () => {}, highlights, window: { from: 0, to: at(3, 0) } })],
      });
      const view = new EditorView(dom.window.document.getElementById('m'), { state });
      expect(view.dom.querySelectorAll('mark')).not.toHaveLength(0);
      expect(view.dom.querySelector('[data-annotation-id~="h5"]')).toBeNull();
      for (let i = 0; i < 6; i++) selectAdjacentAnnotation(view, 1);
      expect(selectAdjacentAnnotation(view, 1)).toEqual({ id: 'h6', index: 6, count: 200 });
      expect([view.state.selection.from, view.state.selection.to]).toEqual([at(6, 10), at(6, 20)]);
      expect(selectAdjacentAnnotation(view, -1)).toMatchObject({ id: 'h5', index: 5 });
      view.destroy();
    }));

  it('follows the viewport: redraws when what is on screen nears the window’s edge, not on every scroll', () =>
    withDom(async (dom) => {
      const { EditorView } = await import('prosemirror-view');
      const { followViewport } = await import('@/components/editor/viewport');
      const state = EditorState.create({
        doc: long,
        plugins: [annotationPlugin({ verdicts, onOpen: () => {}, highlights, window: { from: 0, to: at(3, 0) } })],
      });
      const view = new EditorView(dom.window.document.getElementById('m'), { state });
      // jsdom lays nothing out: every block is 100px tall, the viewport 1000px, scrolled by `scrollY`.
      let scrollY = 0;
      const box = (top: number, height: number) => ({
        top,
        bottom: top + height,
        left: 0,
        right: 0,
        width: 0,
        height,
        x: 0,
        y: top,
        toJSON() {},
      });
      for (const [i, block] of [...view.dom.children].entries()) block.getBoundingClientRect = () => box(i * 100 - scrollY, 100);
      view.dom.getBoundingClientRect = () => box(-scrollY, view.dom.children.length * 100);
      Object.defineProperty(dom.window, 'innerHeight', { value: 1000, configurable: true });
      const win = () => annotationKey.getState(view.state)!.window;
      const blockOf = (pos: number) => starts.findIndex((start) => start === pos);

      followViewport(view);
      // Blocks 0–24 are within 1.5 viewports below the top: paragraphs 0–23 (block 0 is the title).
      expect([blockOf(win().from), blockOf(win().to)]).toEqual([0, 25]);
      expect(view.dom.querySelector('[data-annotation-id~="h20"]')).not.toBeNull();
      expect(view.dom.querySelector('[data-annotation-id~="h30"]')).toBeNull();
      const first = win();
      scrollY = 300; // Still more than half a viewport of drawn text below the screen: nothing to do.
      followViewport(view);
      expect(win()).toBe(first);
      scrollY = 10_000; // Far down: blocks 85–124 (1.5 viewports either side of 100–109).
      followViewport(view);
      expect([blockOf(win().from), blockOf(win().to)]).toEqual([85, 125]);
      expect(view.dom.querySelector('[data-annotation-id~="h99"]')).not.toBeNull();
      expect(view.dom.querySelector('[data-annotation-id~="h20"]')).toBeNull();
      view.destroy();
    }));
});

describe('highlight classes and stylesheet', () => {
  it('names the depth and, from the innermost out, each layer’s verdict; the stylesheet holds only checked colours', async () => {
    const { segmentClasses, highlightStylesheet } = await import('@/components/editor/highlight-style');
    expect(segmentClasses([0])).toBe('d-1 c1-v0');
    expect(segmentClasses([0, 2])).toBe('d-2 c1-v2 c2-v0');
    expect(segmentClasses([1, -1, 0, 1, 2, 0])).toBe('d-4 c1-v0 c2-v2 c3-v1 c4-v0');
    const css = highlightStylesheet([
      { key: 'false', label: 'False', colour: '#b3261e', icon: '' },
      { key: '"]{}body{display:none', label: 'x', colour: 'red;}body{display:none}', icon: '' },
    ]);
    expect(css).toContain('.article-body .c1-v0{--c1:#b3261e}');
    expect(css).toContain('.article-body .badge-v1{--verdict-colour:#6b6b6b}');
    expect(css).not.toContain('display');
    // Status by shape as well as colour: dashed for drafts, a mark on every badge.
    expect(css).toContain('.article-body .annotation-highlight.s-draft{text-decoration-style:dashed}');
    expect(css).toContain('.article-body .verdict-badge.s-in_review::before{content:"◔ "}');
  });
});

describe('building the anchor set', () => {
  it('holds what DecorationSet.create would, and maps and removes the same way', async () => {
    const { Decoration, DecorationSet } = await import('prosemirror-view');
    const { anchorSet } = await import('@/components/editor/annotation-plugin');
    const long = s.node('doc', null, [
      s.node('title', null, [s.text('Title of it')]),
      ...Array.from({ length: 30 }, (_, p) => s.node('paragraph', null, [s.text(`Paragraph ${p} with some words in it.`)])),
    ]);
    let seed = 3;
    const int = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const size = long.content.size;
    // Most inside one block, some across blocks, some starting or ending right at a block's edge.
    const spans = Array.from({ length: 300 }, (_, i) => {
      const from = int(size - 1);
      const to = Math.min(size, from + 1 + (i % 7 === 0 ? int(200) : int(20)));
      return Decoration.inline(from, to, {}, { id: `s${i}` });
    });
    const list = (set: import('prosemirror-view').DecorationSet) =>
      set
        .find()
        .map((d) => `${d.spec.id}:${d.from}-${d.to}`)
        .sort();
    const ours = anchorSet(long, spans);
    const theirs = DecorationSet.create(long, [...spans]);
    expect(list(ours)).toEqual(list(theirs));
    expect(list(ours)).toHaveLength(300);
    expect(list(ours.remove(ours.find(0, 60)))).toEqual(list(theirs.remove(theirs.find(0, 60))));
    const state = EditorState.create({ doc: long });
    const tr = state.tr.insertText('inserted ', 40).delete(200, 230);
    expect(list(ours.map(tr.mapping, tr.doc))).toEqual(list(theirs.map(tr.mapping, tr.doc)));
    expect(anchorSet(long, [])).toBe(DecorationSet.empty);
  });
});

// anchorSet (components/editor/annotation-plugin.ts) calls DecorationSet's
// constructor, which prosemirror-view marks @internal; package.json pins the
// minor version (~1.42) it was written against. These fail when an update
// changes what that constructor takes or how the set reads its tree.
describe('the prosemirror-view internals anchorSet relies on', () => {
  it('is the pinned minor version', async () => {
    const { readFileSync } = await import('node:fs');
    const read = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
    const installed: string = read('../../node_modules/prosemirror-view/package.json').version;
    const pinned: string = read('../../package.json').dependencies['prosemirror-view'];
    expect(pinned).toMatch(/^~1\.42\./);
    expect(installed).toMatch(/^1\.42\./);
  });

  it('builds a set from (decorations local to the node, [start, end, subtree, …] of its children)', async () => {
    const { Decoration, DecorationSet } = await import('prosemirror-view');
    type Tree = new (local: unknown[], children: unknown[]) => import('prosemirror-view').DecorationSet;
    // The plugin falls back to DecorationSet.create when the constructor does not take two arguments.
    expect(DecorationSet.length).toBe(2);
    const Ctor = DecorationSet as unknown as Tree;
    // In `doc`: the title is 0–31 (content 1–30), the first paragraph starts at 31 (content from 32).
    const first = doc.child(1);
    const start = doc.child(0).nodeSize;
    const end = start + first.nodeSize;
    const across = Decoration.inline(5, 40, {}, { id: 'across' });
    // A subtree's positions count from the start of its node's content.
    const inner = DecorationSet.create(first, [Decoration.inline(0, 5, {}, { id: 'inner' })]);
    const set = new Ctor([across], [start, end, inner]);
    const found = (s: import('prosemirror-view').DecorationSet, from?: number, to?: number) =>
      s.find(from, to).map((d) => `${d.spec.id}:${d.from}-${d.to}`);
    expect(found(set).sort()).toEqual(['across:5-40', `inner:${start + 1}-${start + 6}`]);
    // find() with a range looks into the child only where the range meets it.
    expect(found(set, 0, 4)).toEqual([]);
    expect(found(set, start + 2, start + 3).sort()).toEqual(['across:5-40', `inner:${start + 1}-${start + 6}`]);
    // Its tree is the two fields create() fills, in the same shape.
    const internals = set as unknown as { local: unknown[]; children: unknown[] };
    expect(internals.local).toEqual([across]);
    expect(internals.children).toEqual([start, end, inner]);
    const created = DecorationSet.create(doc, [across, Decoration.inline(start + 1, start + 6, {}, { id: 'inner' })]) as unknown as {
      local: unknown[];
      children: unknown[];
    };
    expect(created.local).toEqual([across]);
    expect(created.children.slice(0, 2)).toEqual([start, end]);
    expect(found(created.children[2] as import('prosemirror-view').DecorationSet)).toEqual(['inner:0-5']);
    // Mapping and removal go through the tree built by hand as through one made by create().
    const state = EditorState.create({ doc });
    const tr = state.tr.insertText('new ', start + 1);
    expect(found(set.map(tr.mapping, tr.doc)).sort()).toEqual(['across:5-44', `inner:${start + 5}-${start + 10}`]);
    expect(found(set.remove(set.find(start + 1, start + 2, (spec) => spec.id === 'inner')))).toEqual(['across:5-40']);
    // An empty tree is not DecorationSet.empty: the plugin returns empty itself when it has nothing.
    expect(new Ctor([], [])).not.toBe(DecorationSet.empty);
  });
});
