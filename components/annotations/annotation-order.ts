// The page's annotations in document order, kept sorted by insertion: a change
// to one annotation moves one entry instead of re-sorting thousands.
import { compareByPosition } from '@/server/domain/annotation';
import type { AnnotationSummary } from '@/server/domain/annotation-index';

/** Past this many insertions one sort of the whole list is cheaper than splicing each. */
const SORT_INSTEAD_FROM = 64;

/** Where `item` belongs in `ordered` (the first index whose entry sorts after it). */
export function insertionIndex(ordered: readonly AnnotationSummary[], item: AnnotationSummary): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareByPosition(ordered[mid], item) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * `ordered` with `upserts` put in their places (replacing earlier copies; the
 * last copy of an id wins) and `removed` taken out. A new array when anything
 * changed; the old one is untouched.
 */
export function reorder(
  ordered: readonly AnnotationSummary[],
  upserts: readonly AnnotationSummary[],
  removed: Iterable<string> = [],
): AnnotationSummary[] {
  const latest = new Map(upserts.map((u) => [u.id, u]));
  const drop = new Set(removed);
  for (const id of latest.keys()) drop.add(id);
  if (drop.size === 0) return ordered as AnnotationSummary[];
  const next = ordered.filter((a) => !drop.has(a.id));
  if (latest.size > SORT_INSTEAD_FROM) return [...next, ...latest.values()].sort(compareByPosition);
  for (const item of latest.values()) next.splice(insertionIndex(next, item), 0, item);
  return next;
}
