// Annotation highlights as ProseMirror plugin state. Two DecorationSets, both
// mapped through every transaction rather than rebuilt:
//  - `anchors`: one inline decoration per annotation (never drawn), whose spec
//    holds its id, so positions stay current and `find()` answers "what is here".
//    A map from id to anchor finds one annotation without a scan.
//  - `drawn`: what the reader sees: non-overlapping segments that list every
//    covering id (ProseMirror would merge overlapping decorations and keep only
//    one id), plus a verdict badge after each annotation; only for the `window`
//    of top-level blocks near the viewport (viewport.ts measures it), so an
//    article with thousands of annotations costs about what it costs bare.
// Assistive technology hears about an annotation from its segments (<mark>,
// with the verdict and state as a description). The badges are for the eye and
// the mouse only: hidden from the accessibility tree, so a headline's name is
// its text, and not focusable, so the article stays one tab stop however many
// annotations it holds (Alt+Down/Up and Enter walk through them instead).
// A change to one annotation redraws only the stretch of text it touches, and
// only as far as the window reaches.
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { Node as PMNode } from 'prosemirror-model';
import { segmentRanges } from '@/server/domain/segments';
import type { AnnotationStatus } from '@/server/domain/enums';
import { badgeClass, segmentClasses, statusClass, type VerdictStyle } from './highlight-style';

export interface Highlight {
  id: string;
  from: number;
  to: number;
  verdict: string;
  /** What else a reader should know, in words: its review status and whether its place needs checking ("draft, fuzzy match"). */
  state?: string;
  /** Its review status, drawn as the underline's style and a mark on the badge (see statusClass). */
  status?: AnnotationStatus;
}

export interface AnchorSpec {
  id: string;
  verdict: string;
  state: string;
  status: string;
}

/**
 * The plugin's state. `drawn` covers only `window`, the stretch of the document
 * near the viewport (as CodeMirror draws only its viewport): thousands of marks
 * and badges the reader cannot see would cost more to lay out than the
 * article itself. `anchors` holds every annotation, drawn or not, so walking,
 * opening and scrolling reach all of them.
 */
export class AnnotationPluginState {
  constructor(
    readonly anchors: DecorationSet,
    readonly drawn: DecorationSet,
    readonly activeId: string | null,
    readonly window: Stretch,
    /** id → its anchor, with current positions; null after the document changed, rebuilt on demand. */
    private ids: Map<string, Decoration> | null,
  ) {}

  /** The anchor of annotation `id`: its current from/to, and its spec. */
  find(id: string): { from: number; to: number; spec: AnchorSpec } | undefined {
    const deco = this.byId().get(id);
    return deco && { from: deco.from, to: deco.to, spec: deco.spec as AnchorSpec };
  }

  /** How many annotations the document holds (drawn or not). */
  get count(): number {
    return this.byId().size;
  }

  /** @internal */
  byId(): Map<string, Decoration> {
    // A memo, not a change: the value it caches follows from `anchors`.
    this.ids ??= new Map(this.anchors.find().map((d) => [(d.spec as AnchorSpec).id, d]));
    return this.ids;
  }
}

export interface Stretch {
  from: number;
  to: number;
}

export type AnnotationAction =
  | { type: 'upsert'; highlights: Highlight[] }
  | { type: 'remove'; ids: string[] }
  | { type: 'activate'; id: string | null }
  /** Draw the highlights of this stretch (widened to whole top-level blocks) instead of the current one. */
  | { type: 'window'; from: number; to: number }
  /** Several of the above in one transaction: one redraw of the view instead of one per action. */
  | { type: 'batch'; actions: AnnotationAction[] };

export const annotationKey = new PluginKey<AnnotationPluginState>('annotations');

export interface AnnotationPluginOptions {
  verdicts: Map<string, VerdictStyle>;
  /** Called when the reader clicks a highlight or its badge, or presses Enter inside one (or on one Alt+Down selected). */
  onOpen: (id: string) => void;
  /** Every annotation the document starts with, so the first render already shows them. */
  highlights?: readonly Highlight[];
  /** The stretch to draw at first (widened to whole blocks); the whole document when left out. */
  window?: Stretch;
  activeId?: string | null;
}

export function annotationPlugin(options: AnnotationPluginOptions): Plugin<AnnotationPluginState> {
  const draw = new Drawing(options.verdicts, options.onOpen);
  return new Plugin<AnnotationPluginState>({
    key: annotationKey,
    state: {
      init: (_config, state) => {
        const { doc } = state;
        const window = blockStretch(doc, options.window?.from ?? 0, options.window?.to ?? doc.content.size);
        const { decorations, ids } = anchorsFor(options.highlights ?? [], doc);
        const anchors = anchorSet(doc, decorations);
        const activeId = options.activeId ?? null;
        return new AnnotationPluginState(anchors, draw.window(anchors, doc, window, activeId), activeId, window, ids);
      },
      apply(tr, value) {
        const action = tr.getMeta(annotationKey) as AnnotationAction | undefined;
        if (!action && !tr.docChanged) return value;
        let next = value;
        if (tr.docChanged) {
          next = new AnnotationPluginState(
            value.anchors.map(tr.mapping, tr.doc),
            value.drawn.map(tr.mapping, tr.doc),
            value.activeId,
            blockStretch(tr.doc, tr.mapping.map(value.window.from, 1), tr.mapping.map(value.window.to, -1)),
            null,
          );
        }
        return action ? applyAction(next, action, tr.doc, draw) : next;
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
          : annotationKey
              .getState(view.state)!
              .anchors.find(from, to)
              .find((d) => d.from === from && d.to === to);
        const ids = selected ? [(selected.spec as AnchorSpec).id] : annotationsAt(view.state, from);
        if (ids.length === 0) return false;
        options.onOpen(nextId(ids, annotationKey.getState(view.state)!.activeId));
        return true;
      },
    },
  });
}

/** Anchor decorations for `highlights` (those that fit the document), and the id map that finds them. */
function anchorsFor(highlights: readonly Highlight[], doc: PMNode): { decorations: Decoration[]; ids: Map<string, Decoration> } {
  const size = doc.content.size;
  const ids = new Map<string, Decoration>();
  for (const h of highlights) {
    if (h.from < 0 || h.to > size || h.from >= h.to) continue;
    ids.set(
      h.id,
      Decoration.inline(h.from, h.to, {}, {
        id: h.id,
        verdict: h.verdict,
        state: h.state ?? '',
        status: h.status ?? '',
      } satisfies AnchorSpec),
    );
  }
  return { decorations: [...ids.values()], ids };
}

// DecorationSet's constructor, (decorations local to a node, [start, end, subtree, …] of its children): internal to
// prosemirror-view, but the shape of its decoration tree since its first version. package.json pins the minor
// version (~1.42) and tests/unit/annotation-plugin.test.ts checks the constructor still builds that tree.
type TreeConstructor = new (local: Decoration[], children: Array<number | DecorationSet>) => DecorationSet;
const Tree: TreeConstructor | null = DecorationSet.length === 2 ? (DecorationSet as unknown as TreeConstructor) : null;

/**
 * The same set as `DecorationSet.create(doc, decorations)`, built in
 * O(n log n): create() offers every decoration to every top-level block, which
 * for 5,000 annotations on a 1,000-paragraph article is most of what opening
 * it costs. Here each block builds its subtree from its own decorations only.
 */
export function anchorSet(doc: PMNode, decorations: readonly Decoration[]): DecorationSet {
  if (!Tree) return DecorationSet.create(doc, [...decorations]);
  const sorted = [...decorations].sort((a, b) => a.from - b.from || a.to - b.to);
  const starts = blockStarts(doc);
  const local: Decoration[] = [];
  const children: Array<number | DecorationSet> = [];
  let block = 0;
  let inside: Decoration[] = [];
  const close = () => {
    if (inside.length === 0) return;
    const start = starts[block];
    const node = doc.child(block);
    // A subtree's positions count from the start of its node's content.
    const subtree = DecorationSet.create(
      node,
      inside.map((d) => Decoration.inline(d.from - start - 1, d.to - start - 1, {}, d.spec)),
    );
    if (subtree !== DecorationSet.empty) children.push(start, start + node.nodeSize, subtree);
    inside = [];
  };
  for (const deco of sorted) {
    while (block < starts.length - 1 && starts[block + 1] <= deco.from) {
      close();
      block++;
    }
    const start = starts[block];
    // As create() decides: a decoration strictly inside a block belongs to it, any other to the top level.
    if (block < starts.length && deco.from > start && deco.to < start + doc.child(block).nodeSize) inside.push(deco);
    else local.push(deco);
  }
  close();
  return local.length || children.length ? new Tree(local, children) : DecorationSet.empty;
}

function applyAction(value: AnnotationPluginState, action: AnnotationAction, doc: PMNode, draw: Drawing): AnnotationPluginState {
  if (action.type === 'batch') return action.actions.reduce((state, each) => applyAction(state, each, doc, draw), value);
  let { anchors, drawn, activeId, window } = value;
  if (action.type === 'window') {
    const next = blockStretch(doc, action.from, action.to);
    if (next.from === window.from && next.to === window.to) return value;
    return new AnnotationPluginState(anchors, draw.window(anchors, doc, next, activeId), activeId, next, value.byId());
  }
  const old = value.byId();
  let ids = old;
  const touched: Array<[number, number]> = [];
  const take = (removed: string[]) => {
    const gone: Decoration[] = [];
    for (const id of removed) {
      const deco = ids.get(id);
      if (!deco) continue;
      if (ids === old) ids = new Map(old);
      ids.delete(id);
      gone.push(deco);
      touched.push([deco.from, deco.to]);
    }
    if (gone.length) anchors = anchors.remove(gone);
  };
  if (action.type === 'upsert') {
    take(action.highlights.map((h) => h.id));
    const fresh = anchorsFor(action.highlights, doc);
    if (fresh.ids.size && ids === old) ids = new Map(old);
    for (const [id, deco] of fresh.ids) {
      ids.set(id, deco);
      touched.push([deco.from, deco.to]);
    }
    // DecorationSet.add consumes the array it is given; this one is ours.
    anchors = anchors.add(doc, fresh.decorations);
  } else if (action.type === 'remove') {
    take(action.ids);
  } else {
    for (const id of [activeId, action.id]) {
      const deco = id === null ? undefined : ids.get(id);
      if (deco) touched.push([deco.from, deco.to]);
    }
    activeId = action.id;
  }
  // Only what lies in the window is drawn, so only that part of a change is redrawn.
  const stretches = coalesce(touched)
    .map(([from, to]): [number, number] => [Math.max(from, window.from), Math.min(to, window.to)])
    .filter(([from, to]) => from < to);
  // Past a point, one pass over the whole window beats many local ones (an import).
  if (stretches.length > WHOLE_WINDOW_REDRAW) drawn = draw.window(anchors, doc, window, activeId);
  else for (const [from, to] of stretches) drawn = draw.redraw(drawn, anchors, doc, from, to, activeId);
  return new AnnotationPluginState(anchors, drawn, activeId, window, ids);
}

const WHOLE_WINDOW_REDRAW = 64;

/**
 * `from`–`to` widened to whole top-level blocks: the window's edges fall
 * between paragraphs, where no highlight is cut in two on screen.
 */
export function blockStretch(doc: PMNode, from: number, to: number): Stretch {
  const size = doc.content.size;
  const lo = Math.max(0, Math.min(from, size));
  const hi = Math.max(lo, Math.min(to, size));
  const starts = blockStarts(doc);
  // The last block starting at or before a position holds it.
  const blockAt = (pos: number) => {
    let l = 0;
    let h = starts.length - 1;
    while (l < h) {
      const mid = (l + h + 1) >> 1;
      if (starts[mid] <= pos) l = mid;
      else h = mid - 1;
    }
    return l;
  };
  if (starts.length === 0 || lo === size) return { from: lo, to: hi };
  const last = blockAt(Math.max(lo, hi - 1));
  return { from: starts[blockAt(lo)], to: starts[last] + doc.child(last).nodeSize };
}

const startsOf = new WeakMap<PMNode, number[]>();

/** Where each top-level block starts; the article is fixed, so this is computed once. */
function blockStarts(doc: PMNode): number[] {
  let starts = startsOf.get(doc);
  if (!starts) {
    starts = [];
    doc.forEach((_node, offset) => {
      starts!.push(offset);
    });
    startsOf.set(doc, starts);
  }
  return starts;
}

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
  /** Each verdict's place in the scale, which names its colour classes (see highlightStylesheet). */
  private readonly index: Map<string, number>;

  constructor(
    private readonly verdicts: Map<string, VerdictStyle>,
    private readonly onOpen: (id: string) => void,
  ) {
    this.index = new Map([...verdicts.keys()].map((key, i) => [key, i]));
  }

  /** Every highlight in `window`, drawn from scratch and clipped to it. */
  window(anchors: DecorationSet, doc: PMNode, window: Stretch, activeId: string | null): DecorationSet {
    const covering = anchors.find(window.from, window.to).filter((d) => d.to > window.from && d.from < window.to);
    return DecorationSet.create(doc, this.decorations(covering, window.from, window.to, activeId));
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
      const said = here.map((spec) => this.describe(spec));
      return Decoration.inline(
        segment.from,
        segment.to,
        {
          // <mark>: screen readers announce a highlight, and read the description with it.
          nodeName: 'mark',
          // The innermost annotation's status styles the segment, as its verdict tints it.
          class: `annotation-highlight ${segmentClasses(here.map((spec) => this.index.get(spec.verdict) ?? -1))} ${statusClass(here[here.length - 1].status)}${activeId && segment.ids.includes(activeId) ? ' is-active' : ''}`,
          'data-annotation-id': segment.ids.join(' '),
          'data-verdict': here.map((spec) => spec.verdict).join(' '),
          title: said.join(' · '),
          // A description, not a name: a heading with a claim in it is still named by its text.
          'aria-description': `${said.length === 1 ? 'Annotation' : 'Annotations'}: ${said.join('; ')}`,
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
        badge.className = [
          'verdict-badge',
          badgeClass(this.index.get(spec.verdict) ?? -1),
          statusClass(spec.status),
          active ? 'is-active' : '',
        ]
          .filter(Boolean)
          .join(' ');
        badge.dataset.badgeFor = spec.id;
        badge.dataset.badgeVerdict = spec.verdict;
        badge.setAttribute('aria-hidden', 'true');
        badge.title = `Open annotation: ${this.describe(spec)}`;
        badge.textContent = `${style?.icon ?? ''} ${label}`.trim();
        // stopEvent keeps ProseMirror out of clicks on the widget, so it needs a listener of its own.
        badge.addEventListener('click', (event) => {
          event.preventDefault();
          this.onOpen(spec.id);
        });
        return badge;
      },
      {
        side: 1,
        key: `badge:${spec.id}:${spec.verdict}:${spec.state}:${active}`,
        badgeFor: spec.id,
        ignoreSelection: true,
        stopEvent: () => true,
      },
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
