// Annotation highlights as ProseMirror plugin state. Two DecorationSets, both
// mapped through every transaction rather than rebuilt:
//  - `anchors`: one inline decoration per annotation (never drawn), whose spec
//    holds its id, so positions stay current and `find()` answers "what is here".
//  - `drawn`: what the reader sees: non-overlapping segments that list every
//    covering id (ProseMirror would merge overlapping decorations and keep only
//    one id), plus a verdict badge after each annotation.
// Assistive technology hears about an annotation from its segments (<mark>,
// with the verdict and state as a description). The badges are for the eye and
// the mouse only: hidden from the accessibility tree, so a headline's name is
// its text, and not focusable, so the article stays one tab stop however many
// annotations it holds (Alt+Down/Up and Enter walk through them instead).
// A change to one annotation redraws only the stretch of text it touches.
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { Node as PMNode } from 'prosemirror-model';
import { segmentRanges } from '@/server/domain/segments';
import { segmentStyle, type VerdictStyle } from './highlight-style';

export interface Highlight {
  id: string;
  from: number;
  to: number;
  verdict: string;
  /** What else a reader should know, in words: its review status and whether its place needs checking ("draft, fuzzy match"). */
  state?: string;
}

interface AnchorSpec {
  id: string;
  verdict: string;
  state: string;
}

export interface AnnotationPluginState {
  anchors: DecorationSet;
  drawn: DecorationSet;
  activeId: string | null;
}

export type AnnotationAction =
  | { type: 'upsert'; highlights: Highlight[] }
  | { type: 'remove'; ids: string[] }
  | { type: 'activate'; id: string | null };

export const annotationKey = new PluginKey<AnnotationPluginState>('annotations');

export interface AnnotationPluginOptions {
  verdicts: Map<string, VerdictStyle>;
  /** Called when the reader clicks a highlight or its badge, or presses Enter inside one (or on one Alt+Down selected). */
  onOpen: (id: string) => void;
}

export function annotationPlugin(options: AnnotationPluginOptions): Plugin<AnnotationPluginState> {
  const draw = new Drawing(options.verdicts, options.onOpen);
  return new Plugin<AnnotationPluginState>({
    key: annotationKey,
    state: {
      init: () => ({ anchors: DecorationSet.empty, drawn: DecorationSet.empty, activeId: null }),
      apply(tr, value) {
        const action = tr.getMeta(annotationKey) as AnnotationAction | undefined;
        if (!action && !tr.docChanged) return value;
        let { anchors, drawn, activeId } = value;
        if (tr.docChanged) {
          anchors = anchors.map(tr.mapping, tr.doc);
          drawn = drawn.map(tr.mapping, tr.doc);
        }
        if (!action) return { anchors, drawn, activeId };
        const next = { anchors, drawn, activeId };
        return applyAction(next, action, tr.doc, draw);
      },
    },
    props: {
      decorations: (state) => annotationKey.getState(state)!.drawn,
      handleClick(view, _pos, event) {
        // ProseMirror calls this only for clicks, not drags; Shift+click still extends a selection.
        const ids = idsAt(event.target);
        if (!ids || event.shiftKey) return false;
        options.onOpen(nextId(ids, annotationKey.getState(view.state)!.activeId));
        return false;
      },
      handleKeyDown(view, event) {
        if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return false;
        const { from, to, empty } = view.state.selection;
        // A selection that is exactly one annotation (as Alt+Down leaves it) opens that one.
        const selected = empty
          ? undefined
          : annotationKey.getState(view.state)!.anchors.find(from, to).find((d) => d.from === from && d.to === to);
        const ids = selected ? [(selected.spec as AnchorSpec).id] : annotationsAt(view.state, from);
        if (ids.length === 0) return false;
        options.onOpen(nextId(ids, annotationKey.getState(view.state)!.activeId));
        return true;
      },
    },
  });
}

function applyAction(value: AnnotationPluginState, action: AnnotationAction, doc: PMNode, draw: Drawing): AnnotationPluginState {
  let { anchors, drawn, activeId } = value;
  const touched: Array<[number, number]> = [];
  const touch = (ids: string[]) => {
    for (const deco of anchors.find(undefined, undefined, (spec: AnchorSpec) => ids.includes(spec.id))) {
      touched.push([deco.from, deco.to]);
    }
  };
  if (action.type === 'upsert') {
    const ids = action.highlights.map((h) => h.id);
    touch(ids);
    anchors = anchors.remove(anchors.find(undefined, undefined, (spec: AnchorSpec) => ids.includes(spec.id)));
    const size = doc.content.size;
    const fresh = action.highlights
      .filter((h) => h.from >= 0 && h.to <= size && h.from < h.to)
      .map((h) => Decoration.inline(h.from, h.to, {}, { id: h.id, verdict: h.verdict, state: h.state ?? '' } satisfies AnchorSpec));
    // Before add(): DecorationSet.add consumes the array it is given.
    for (const deco of fresh) touched.push([deco.from, deco.to]);
    anchors = anchors.add(doc, fresh);
  } else if (action.type === 'remove') {
    touch(action.ids);
    anchors = anchors.remove(anchors.find(undefined, undefined, (spec: AnchorSpec) => action.ids.includes(spec.id)));
  } else {
    touch([activeId, action.id].filter((id): id is string => id !== null));
    activeId = action.id;
  }
  const stretches = coalesce(touched);
  // Past a point, one pass over the whole document beats many local ones (the first draw, an import).
  if (stretches.length > WHOLE_DOCUMENT_REDRAW) drawn = draw.all(anchors, doc, activeId);
  else for (const [from, to] of stretches) drawn = draw.redraw(drawn, anchors, doc, from, to, activeId);
  return { anchors, drawn, activeId };
}

const WHOLE_DOCUMENT_REDRAW = 64;

/** Sorted, with overlapping and touching stretches merged, so no text is redrawn twice. */
function coalesce(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Builds the drawn decorations for one stretch of the document. */
class Drawing {
  constructor(
    private readonly verdicts: Map<string, VerdictStyle>,
    private readonly onOpen: (id: string) => void,
  ) {}

  /** Every highlight, drawn from scratch. */
  all(anchors: DecorationSet, doc: PMNode, activeId: string | null): DecorationSet {
    return DecorationSet.create(doc, this.decorations(anchors.find(), -Infinity, Infinity, activeId));
  }

  redraw(drawn: DecorationSet, anchors: DecorationSet, doc: PMNode, from: number, to: number, activeId: string | null): DecorationSet {
    // Segments that straddle the stretch's ends are redrawn whole, so widen it to cover them.
    const stale = drawn.find(from, to, (spec) => spec.segment === true || typeof spec.badgeFor === 'string');
    const start = Math.min(from, ...stale.map((d) => d.from));
    const end = Math.max(to, ...stale.map((d) => d.to));
    const covering = anchors.find(start, end).filter((d) => d.to > start && d.from < end);
    return drawn.remove(stale).add(doc, this.decorations(covering, start, end, activeId));
  }

  /** Segments and badges for the anchors `covering` a stretch, clipped to it. */
  private decorations(covering: Decoration[], start: number, end: number, activeId: string | null): Decoration[] {
    const specs = new Map(covering.map((d) => [(d.spec as AnchorSpec).id, d.spec as AnchorSpec]));
    const ranges = covering.map((d) => ({ id: (d.spec as AnchorSpec).id, from: d.from, to: d.to }));

    const fresh: Decoration[] = segmentRanges(ranges, start, end).map((segment) => {
      const here = segment.ids.map((id) => specs.get(id)!);
      const styles = here.map((spec) => this.verdicts.get(spec.verdict));
      const said = here.map((spec) => this.describe(spec));
      return Decoration.inline(
        segment.from,
        segment.to,
        {
          // <mark>: screen readers announce a highlight, and read the description with it.
          nodeName: 'mark',
          class: `annotation-highlight${activeId && segment.ids.includes(activeId) ? ' is-active' : ''}`,
          'data-annotation-id': segment.ids.join(' '),
          'data-verdict': here.map((spec) => spec.verdict).join(' '),
          title: said.join(' · '),
          // A description, not a name: a heading with a claim in it is still named by its text.
          'aria-description': `${said.length === 1 ? 'Annotation' : 'Annotations'}: ${said.join('; ')}`,
          style: segmentStyle(styles.map((s) => s?.colour ?? '')),
        },
        { segment: true },
      );
    });
    for (const r of ranges) if (r.to > start && r.to <= end) fresh.push(this.badge(r.to, specs.get(r.id)!, activeId));
    return fresh;
  }

  /** "False, draft": the verdict and state in words, as the colour and badge show them. */
  private describe(spec: AnchorSpec): string {
    const label = this.verdicts.get(spec.verdict)?.label ?? 'Unknown verdict';
    return spec.state ? `${label}, ${spec.state}` : label;
  }

  private badge(pos: number, spec: AnchorSpec, activeId: string | null): Decoration {
    const style = this.verdicts.get(spec.verdict);
    const label = style?.label ?? 'Unknown verdict';
    const active = spec.id === activeId;
    return Decoration.widget(
      pos,
      () => {
        // A span, not a button: the mark before it already says all this to assistive technology.
        const badge = document.createElement('span');
        badge.className = `verdict-badge${active ? ' is-active' : ''}`;
        badge.dataset.badgeFor = spec.id;
        badge.dataset.badgeVerdict = spec.verdict;
        badge.setAttribute('aria-hidden', 'true');
        badge.title = `Open annotation: ${this.describe(spec)}`;
        badge.style.setProperty('--verdict-colour', style?.colour ?? '#6b6b6b');
        badge.textContent = `${style?.icon ?? ''} ${label}`.trim();
        // stopEvent keeps ProseMirror out of clicks on the widget, so it needs a listener of its own.
        badge.addEventListener('click', (event) => {
          event.preventDefault();
          this.onOpen(spec.id);
        });
        return badge;
      },
      { side: 1, key: `badge:${spec.id}:${spec.verdict}:${spec.state}:${active}`, badgeFor: spec.id, ignoreSelection: true, stopEvent: () => true },
    );
  }
}

function idsAt(target: EventTarget | null): string[] | null {
  if (!(target instanceof Element)) return null;
  const highlight = target.closest<HTMLElement>('[data-annotation-id]');
  return highlight ? highlight.dataset.annotationId!.split(' ') : null;
}

/** Clicking the same place again moves to the next annotation covering it, so stacked ones are all reachable. */
function nextId(ids: string[], activeId: string | null): string {
  const index = activeId ? ids.indexOf(activeId) : -1;
  return ids[(index + 1) % ids.length];
}

export function annotationsAt(state: EditorState, pos: number): string[] {
  return annotationKey
    .getState(state)!
    .anchors.find(pos, pos)
    .filter((d) => d.from <= pos && d.to >= pos)
    .sort((a, b) => a.from - b.from || b.to - a.to)
    .map((d) => (d.spec as AnchorSpec).id);
}

export function dispatchAnnotations(view: EditorView, action: AnnotationAction): void {
  view.dispatch(view.state.tr.setMeta(annotationKey, action).setMeta('addToHistory', false));
}

export function isAnnotationTransaction(tr: Transaction): boolean {
  return tr.getMeta(annotationKey) !== undefined;
}

/**
 * Moves the selection to the next (dir 1) or previous (-1) annotation after
 * the caret, wrapping around; returns its id and place in document order.
 */
export function selectAdjacentAnnotation(view: EditorView, dir: 1 | -1): { id: string; index: number; count: number } | null {
  const { state } = view;
  const all = annotationKey
    .getState(state)!
    .anchors.find()
    .sort((a, b) => a.from - b.from || b.to - a.to);
  if (all.length === 0) return null;
  const here = state.selection.from;
  const after = all.findIndex((d) => d.from > here);
  const before = all.map((d) => d.from < here).lastIndexOf(true);
  const index = dir === 1 ? (after === -1 ? 0 : after) : before === -1 ? all.length - 1 : before;
  const target = all[index];
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, target.from, target.to)).scrollIntoView());
  return { id: (target.spec as AnchorSpec).id, index, count: all.length };
}
