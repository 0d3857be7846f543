// Several reviewers work on one article: every few seconds, bring in what the
// others saved. A reviewer's own unsaved or in-flight changes always win over
// the server's copy until they land; the server's version number decides the rest.
import type { AnnotationView } from '@/server/domain/annotation';

export interface MergeResult {
  next: Map<string, AnnotationView>;
  changed: number;
  /** The same changes as operations, to apply to whatever the local state is by then. */
  updates: AnnotationView[];
  removals: string[];
}

/**
 * Merges the server's list into the local one. `confirmed` is the last server
 * copy this page saw of each annotation; `busy` names annotations with local
 * changes not yet saved, and the open form's.
 */
export function mergeRemote(
  local: Map<string, AnnotationView>,
  confirmed: Map<string, AnnotationView>,
  remote: AnnotationView[],
  busy: (id: string) => boolean,
): MergeResult {
  const next = new Map(local);
  let changed = 0;
  const updates: AnnotationView[] = [];
  const removals: string[] = [];
  const seen = new Set<string>();
  for (const theirs of remote) {
    seen.add(theirs.id);
    if (busy(theirs.id)) continue;
    const known = confirmed.get(theirs.id);
    if (known && known.version >= theirs.version) continue;
    // Deleted here and not yet confirmed by the server: the delete is on its way.
    if (known && !local.has(theirs.id)) continue;
    confirmed.set(theirs.id, theirs);
    next.set(theirs.id, theirs);
    updates.push(theirs);
    changed++;
  }
  for (const [id, known] of confirmed) {
    // Gone from the server (deleted by someone else), and nothing of ours pending on it.
    if (!seen.has(id) && !busy(id) && known.version > 0) {
      confirmed.delete(id);
      if (next.delete(id)) {
        removals.push(id);
        changed++;
      }
    }
  }
  return { next, changed, updates, removals };
}
