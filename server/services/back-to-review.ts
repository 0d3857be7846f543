// Sending an approved annotation back to review when what it publishes
// changes: the status column and its history entry, written together in the
// caller's transaction. The rule itself is `statusAfterChange` (server/domain/workflow.ts).
import 'server-only';
import type { Tx } from '@/db/client';
import type { StatusVia } from '../domain/history';
import { statusAfterChange, type AnnotationStatus } from '../domain/workflow';
import { type EventActor, recordEvent } from './events';

export interface BackToReview {
  /** True when this change takes the annotation out of the published set. */
  sends: boolean;
  /** To spread into the row's update. */
  columns: { status?: AnnotationStatus };
  /** Records the status change, after the entry for the change that caused it. Does nothing when `sends` is false. */
  record(
    tx: Tx,
    actor: EventActor,
    at: { articleId: number; annotationId: string },
    via: Extract<StatusVia, 'edit' | 'reanchor'>,
    extra?: Record<string, unknown>,
  ): Promise<void>;
}

/** What a change does to the review status of an annotation now in `status`; `changed` says whether its published text or place changed. */
export function backToReview(status: AnnotationStatus, changed: boolean): BackToReview {
  const to = changed ? statusAfterChange(status) : status;
  const sends = to !== status;
  return {
    sends,
    columns: sends ? { status: to } : {},
    async record(tx, actor, at, via, extra = {}) {
      if (!sends) return;
      await recordEvent(tx, { type: 'annotation.status', actor, ...at, before: { status }, after: { status: to, via, ...extra } });
    },
  };
}
