// The thin, measuring half of drawing only the highlights near the viewport:
// it finds which top-level blocks are on screen and asks the annotation plugin
// to draw a window around them (the plugin's `window` action does the rest, and
// needs no layout, so it is tested without a browser).
//
// The window reaches DRAW_MARGIN viewport heights above and below what is
// visible; it is redrawn when the visible part comes within NEED_MARGIN of its
// edge, so scrolling redraws about once per viewport height scrolled, never per
// scroll event. Blocks are found by binary search over the editor's top-level
// elements' rectangles: a few reads of a layout the scroll already made, and
// unlike posAtCoords, no hit test that a sticky toolbar over the article fools.
import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { annotationKey, dispatchAnnotations, type Stretch } from './annotation-plugin';

const DRAW_MARGIN = 1.5;
const NEED_MARGIN = 0.5;
/** Before anything is measured (and around a far annotation scrolled to): about three screens of text. */
export const CHARS_AROUND = 8_000;

export function viewportPlugin(): Plugin {
  return new Plugin({ view: (view) => new ViewportFollower(view) });
}

class ViewportFollower {
  private frame = 0;

  constructor(private readonly view: EditorView) {
    // Capture: a scroll of any scrolling ancestor, not only the window's, moves the article.
    document.addEventListener('scroll', this.schedule, { passive: true, capture: true });
    window.addEventListener('resize', this.schedule, { passive: true });
    this.schedule();
  }

  update(view: EditorView, prev: { selection: unknown }) {
    // A keyboard move (PageDown, a search, Alt+Down) may have scrolled the view.
    if (prev.selection !== view.state.selection) this.schedule();
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    document.removeEventListener('scroll', this.schedule, { capture: true });
    window.removeEventListener('resize', this.schedule);
  }

  private readonly schedule = () => {
    if (!this.frame) this.frame = requestAnimationFrame(this.follow);
  };

  private readonly follow = () => {
    this.frame = 0;
    followViewport(this.view);
  };
}

/** Redraws the window if what is on screen is near its edge (or outside it). */
export function followViewport(view: EditorView): void {
  const state = annotationKey.getState(view.state);
  if (!state || view.isDestroyed) return;
  const need = blocksNear(view, NEED_MARGIN);
  if (!need || (need.from >= state.window.from && need.to <= state.window.to)) return;
  const want = blocksNear(view, DRAW_MARGIN);
  if (want) dispatchAnnotations(view, { type: 'window', ...want });
}

/** The document stretch of the top-level blocks within `margin` viewport heights of the visible part of the editor. */
function blocksNear(view: EditorView, margin: number): Stretch | null {
  const blocks = view.dom.children;
  if (blocks.length === 0) return null;
  const height = window.innerHeight;
  const top = -margin * height;
  const bottom = (1 + margin) * height;
  const box = view.dom.getBoundingClientRect();
  if (box.bottom < top || box.top > bottom) return null;
  const rect = (i: number) => blocks[i].getBoundingClientRect();
  // The first block ending below `top`, and the last one starting above `bottom`.
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rect(mid).bottom > top) hi = mid;
    else lo = mid + 1;
  }
  const first = lo;
  hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rect(mid).top < bottom) lo = mid;
    else hi = mid - 1;
  }
  try {
    // Positions inside the first and last block: the plugin widens the stretch to whole blocks.
    return { from: view.posAtDOM(blocks[first], 0), to: view.posAtDOM(blocks[lo], 0) + 1 };
  } catch {
    return null;
  }
}
