// Several reviewers work on one article: the change source (change-source.ts)
// brings what others saved, and this decides what of it to show. A reviewer's
// own unsaved or in-flight changes, and the annotation open in the form, always win until they land or close: changes to
// them wait (deferred) and are looked at again on the next event, because the
// source has moved past them and the server will not send them twice. The
// server's version number decides the rest.
import type { AnnotationView } from '@/server/domain/annotation';
import type { ChangeEvent } from './change-source';

export type IncomingChanges = Pick<Extract<ChangeEvent, { kind: 'changes' }>, 'changed' | 'removed'>;

/** Remote changes not applied yet because the annotation was busy here: a newer copy, or null for a removal. */
export type Deferred = Map<string, AnnotationView | null>;

export interface MergeDecision {
  updates: AnnotationView[];
  removals: string[];
}

/**
 * Decides which remote changes to apply now (the caller records them as
 * confirmed). `knownVersion` is the version of the last server copy this page
 * saw of an annotation; `busy` names annotations with local changes not yet
 * saved, and the open form's; `deletedHere` names annotations this page
 * deleted (their copies from before the delete must not bring them back).
 */
export function mergeChanges(
  knownVersion: (id: string) => number | undefined,
  deferred: Deferred,
  incoming: IncomingChanges,
  busy: (id: string) => boolean,
  deletedHere: (id: string) => boolean,
): MergeDecision {
  for (const theirs of incoming.changed) {
    const waiting = deferred.get(theirs.id);
    if (!waiting || waiting.version <= theirs.version) deferred.set(theirs.id, theirs);
  }
  for (const id of incoming.removed) deferred.set(id, null);

  const updates: AnnotationView[] = [];
  const removals: string[] = [];
  for (const [id, theirs] of deferred) {
    if (busy(id)) continue;
    deferred.delete(id);
    const known = knownVersion(id);
    if (theirs === null) {
      if (known !== undefined) removals.push(id);
      continue;
    }
    if (known !== undefined && known >= theirs.version) continue;
    // Deleted here and not yet confirmed by the server: the delete is on its way.
    if (known !== undefined && deletedHere(id)) continue;
    updates.push(theirs);
  }
  return { updates, removals };
}
