// What a reviewer reads next, and what changed since an annotation was last
// approved: pure functions over what the page already holds, shared by the
// review read view and its tests.
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import { can, type DeskRules } from '@/server/domain/policy';
import type { Actor } from '@/server/domain/roles';

/** An annotation waiting for this person's sign-off: in review, and theirs to approve as far as the page knows. */
export function waitsFor(viewer: Pick<Actor, 'id' | 'role'>, a: Pick<AnnotationSummary, 'status' | 'authorId'>, desk: DeskRules): boolean {
  return a.status === 'in_review' && can.approve(viewer, a, desk);
}

/**
 * The next annotation after `fromId`, in document order (wrapping round to the
 * start), that waits for this person's sign-off; null when none is left.
 * `fromId` itself never counts: it has just been dealt with.
 */
export function nextWaiting(
  ordered: readonly AnnotationSummary[],
  fromId: string,
  viewer: Pick<Actor, 'id' | 'role'>,
  desk: DeskRules,
): AnnotationSummary | null {
  const at = ordered.findIndex((a) => a.id === fromId);
  for (let step = 1; step <= ordered.length; step++) {
    const a = ordered[(at + step + ordered.length) % ordered.length];
    if (a.id !== fromId && waitsFor(viewer, a, desk)) return a;
  }
  return null;
}

/** A history entry, as the annotation's history answers it (newest first). */
export interface TrailEntry {
  id: number;
  type: string;
  after?: unknown;
  sentence: string;
  createdAt: string;
}

const approvedBy = (e: TrailEntry) =>
  e.type === 'annotation.status' &&
  typeof e.after === 'object' &&
  e.after !== null &&
  (e.after as { status?: unknown }).status === 'approved';

/**
 * What happened since the latest approval, newest first (status steps left out:
 * the review is about the text). `approvedBefore` is false when it was never
 * approved: then everything in it is new to the reviewer.
 */
export function changesSinceApproval(history: readonly TrailEntry[]): { approvedBefore: boolean; changes: TrailEntry[] } {
  const last = history.findIndex(approvedBy);
  const since = last === -1 ? history : history.slice(0, last);
  return { approvedBefore: last !== -1, changes: since.filter((e) => e.type !== 'annotation.status') };
}
