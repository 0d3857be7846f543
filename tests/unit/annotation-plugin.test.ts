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
  return { act, get state() { return state; } };
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
    const value = act({ type: 'upsert', highlights: [{ id: 'a', ...a, verdict: 'false' }, { id: 'b', ...b, verdict: 'true' }] });
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
    const first = t.act({ type: 'upsert', highlights: [{ id: 'a', ...a, verdict: 'false' }, { id: 'far', ...far, verdict: 'true' }] });
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
    ...Array.from({ length: 20 }, (_, p) => s.node('paragraph', null, [s.text(`Paragraph ${p} has words that reviewers mark up in many overlapping ways.`)])),
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
      view.dispatch(view.state.tr.setMeta(annotationKey, { type: 'upsert', highlights: [{ id: 'h', ...findQuote(doc, 'A headline')!, verdict: 'false', state: 'draft' }] }));
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
      view.dispatch(view.state.tr.setMeta(annotationKey, { type: 'upsert', highlights: [{ id: 'b', ...b, verdict: 'true' }, { id: 'a', ...a, verdict: 'false' }] }));
      expect(selectAdjacentAnnotation(view, 1)).toEqual({ id: 'a', index: 0, count: 2 });
      expect([view.state.selection.from, view.state.selection.to]).toEqual([a.from, a.to]);
      expect(selectAdjacentAnnotation(view, 1)).toMatchObject({ id: 'b', index: 1 });
      expect(selectAdjacentAnnotation(view, 1)).toMatchObject({ id: 'a', index: 0 });
      expect(selectAdjacentAnnotation(view, -1)).toMatchObject({ id: 'b', index: 1 });
      view.destroy();
    }));
});
