// Where other reviewers' saves come from. The store, the discussion and the
// readiness panel listen to one change source; how the changes travel is the
// source's business: a push over server-sent events (live-source.ts), with a
// cursor poll (cursor-poll.ts) as its fallback. A source only reports what the server says changed; it
// never decides what the page shows (the store does, see merge-changes.ts).
import type { AnnotationView } from '@/server/domain/annotation';

export type ChangeEvent =
  /**
   * Annotations changed or removed on the server since the last event. May be
   * empty: a source that polls sends one per round, and the store uses it to
   * look again at changes it held back (see merge-changes.ts). A push source
   * need not; the store also looks again when its own saves land and when the
   * form closes.
   */
  | {
      kind: 'changes';
      changed: AnnotationView[];
      removed: string[];
      /** From the live stream: annotations whose discussion changed (comments, resolved). */
      discussion?: string[];
      /** From the live stream: annotations whose review status changed. */
      workflow?: string[];
      /** From the live stream: article-level events (details changed, new revision…), by type. */
      article?: string[];
    }
  /** A newer revision of the article exists: its positions do not fit the text shown, so no more changes follow. */
  | { kind: 'newRevision'; revision: number };

export type ChangeListener = (event: ChangeEvent) => void;

export interface ChangeSource {
  /** Every listener hears every event; returns the unsubscribe. */
  subscribe(listener: ChangeListener): () => void;
  start(): void;
  stop(): void;
  /** Ask now rather than at the next round (after an import); resolves once what it brought is delivered. */
  syncNow(): Promise<void>;
}

/** The listener list every source needs. */
export class ChangeListeners {
  private readonly listeners = new Set<ChangeListener>();

  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

export const hasChanges = (event: ChangeEvent) =>
  event.kind === 'changes' &&
  (event.changed.length > 0 || event.removed.length > 0 || Boolean(event.workflow?.length) || Boolean(event.article?.length));

/** The event touches this annotation (a comment on it counts: it records a change of its annotation). */
export const touches = (event: ChangeEvent, annotationId: string) =>
  event.kind === 'changes' &&
  (event.changed.some((a) => a.id === annotationId) ||
    event.removed.includes(annotationId) ||
    Boolean(event.discussion?.includes(annotationId)) ||
    Boolean(event.workflow?.includes(annotationId)));
