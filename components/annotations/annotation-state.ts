// The page's annotations as React state: every annotation's summary in
// document order and by id, and the full versions loaded so far. Changes make
// new maps (React compares by identity); a change that only brings full
// versions keeps the list's identity, so the list, the highlights and the
// readiness panel do not re-render for rows scrolled into view.
import type { AnnotationView } from '@/server/domain/annotation';
import { summaryOf, type AnnotationSummary } from '@/server/domain/annotation-index';
import { reorder } from './annotation-order';

/** What the page shows: every annotation in document order, and the full versions loaded so far. */
export interface AnnotationState {
  ordered: AnnotationSummary[];
  byId: Map<string, AnnotationSummary>;
  details: Map<string, AnnotationView>;
}

export interface Change {
  upsert?: Array<{ summary: AnnotationSummary; view?: AnnotationView | null }>;
  remove?: string[];
}

export function applyChange(prev: AnnotationState, change: Change): AnnotationState {
  const upserts = change.upsert ?? [];
  const removals = change.remove ?? [];
  if (upserts.length === 0 && removals.length === 0) return prev;
  // Only full versions arriving (rows scrolled into view): the list, the highlights and the readiness panel stay as they are.
  const moved = upserts.filter((u) => prev.byId.get(u.summary.id) !== u.summary);
  const details = new Map(prev.details);
  for (const id of removals) details.delete(id);
  for (const { summary, view } of upserts) {
    // A full version comes with the change, or the one held goes (it no longer matches) unless none was given on purpose.
    if (view) details.set(summary.id, view);
    else if (view === null) details.delete(summary.id);
  }
  if (moved.length === 0 && removals.length === 0) return { ...prev, details };
  const byId = new Map(prev.byId);
  for (const id of removals) byId.delete(id);
  for (const { summary } of moved) byId.set(summary.id, summary);
  return {
    byId,
    details,
    ordered: reorder(
      prev.ordered,
      moved.map((u) => u.summary),
      removals,
    ),
  };
}

export const withView = (view: AnnotationView) => ({ summary: summaryOf(view), view });

/** `view` with the summary already shown when they are the same version (a details load), else a fresh one. */
export const withShownSummary = (shown: AnnotationSummary | undefined, view: AnnotationView) =>
  shown && shown.version === view.version ? { summary: shown, view } : withView(view);
