// The list's counts and filters: how many annotations are in each status, and
// which ones a status and verdict filter shows. Pure, so a long article's list
// is counted once per change of the annotations, not per render.
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import { ANNOTATION_STATUSES, type AnnotationStatus } from '@/server/domain/workflow';

export interface ListFilter {
  /** '' shows every status. */
  status: AnnotationStatus | '';
  /** '' shows every verdict. */
  verdict: string;
}

export const NO_FILTER: ListFilter = { status: '', verdict: '' };

export function statusCounts(annotations: readonly Pick<AnnotationSummary, 'status'>[]): Record<AnnotationStatus, number> {
  const counts = Object.fromEntries(ANNOTATION_STATUSES.map((s) => [s, 0])) as Record<AnnotationStatus, number>;
  for (const a of annotations) counts[a.status]++;
  return counts;
}

/** The same array when nothing is filtered, so the list below keeps its memo. */
export function applyFilter<T extends Pick<AnnotationSummary, 'status' | 'verdict'>>(annotations: T[], filter: ListFilter): T[] {
  if (!filter.status && !filter.verdict) return annotations;
  return annotations.filter((a) => (!filter.status || a.status === filter.status) && (!filter.verdict || a.verdict === filter.verdict));
}

/**
 * The selection after a checkbox click: a plain click toggles one; Shift+click
 * sets every annotation between the last one clicked and this one (in the list
 * as shown) to this one's new state, as file managers do.
 */
export function selectClick(
  selected: ReadonlySet<string>,
  shown: readonly { id: string }[],
  id: string,
  anchorId: string | null,
  shift: boolean,
): Set<string> {
  const next = new Set(selected);
  const on = !selected.has(id);
  const from = shift && anchorId ? shown.findIndex((a) => a.id === anchorId) : -1;
  const to = shown.findIndex((a) => a.id === id);
  if (from === -1 || to === -1) {
    if (on) next.add(id);
    else next.delete(id);
    return next;
  }
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    if (on) next.add(shown[i].id);
    else next.delete(shown[i].id);
  }
  return next;
}
