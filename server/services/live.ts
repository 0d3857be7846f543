// What an article's live stream sends, read from the database after each
// post-commit notification: the annotations that changed after the page's
// cursor (the same answer as the changes route) and which annotations had
// discussion or workflow events, so the discussion, history and readiness
// panels refresh from the stream instead of polling.
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { user } from '@/db/schema';
import type { AnnotationChanges } from '../domain/annotation-index';
import { annotationChanges, changeCursor } from './annotation-sync';
import { eventsAfter } from './events';

export interface LiveChanges extends AnnotationChanges {
  /** Annotations whose discussion changed (comment created, edited, deleted; discussion resolved). */
  discussion: string[];
  /** Annotations whose review status changed (submitted, approved, sent back). */
  workflow: string[];
  /** Article-level events after the cursor (details changed, new revision, restored …), by type, once each. */
  article: string[];
}

const DISCUSSION_EVENTS = new Set(['comment.created', 'comment.edited', 'comment.deleted', 'discussion.resolved']);

/**
 * `annotationChanges` and what the events up to its cursor touched. The events
 * are read after it, bounded by its cursor: the sequence is gap-free and in
 * commit order, so those events are exactly the ones its snapshot saw.
 */
export async function liveChanges(db: Db, articleId: number, since: number, shownRevision?: number): Promise<LiveChanges> {
  const changes = await annotationChanges(db, articleId, since, shownRevision);
  const discussion = new Set<string>();
  const workflow = new Set<string>();
  const article = new Set<string>();
  if (changes.cursor > since) {
    for (const event of await eventsAfter(db, articleId, since, changes.cursor)) {
      if (!event.annotationId) article.add(event.type);
      else if (DISCUSSION_EVENTS.has(event.type)) discussion.add(event.annotationId);
      else if (event.type === 'annotation.status') workflow.add(event.annotationId);
    }
  }
  return { ...changes, discussion: [...discussion], workflow: [...workflow], article: [...article] };
}

/** The article's cursor, or null if it is deleted or gone. */
export async function liveCursor(db: DbOrTx, articleId: number): Promise<number | null> {
  try {
    return await changeCursor(db, articleId);
  } catch {
    return null;
  }
}

/** Whether the person may still read: their account exists and their access was not removed. */
export async function stillOnTheDesk(db: DbOrTx, userId: string): Promise<boolean> {
  const row = await db.select({ removed: user.accessRemovedAt }).from(user).where(eq(user.id, userId)).get();
  return row !== undefined && row.removed === null;
}

export type WakeReason = 'rang' | 'timeout' | 'aborted';

/**
 * A stream's alarm clock: listeners ring it, the stream waits on it. Rings
 * between two waits are kept (as one), so a burst of commits wakes the stream
 * once and it reads everything since its cursor in one go.
 */
export class Wakeup {
  private waiting: ((why: WakeReason) => void) | null = null;
  private due = false;

  ring(): void {
    this.due = true;
    this.waiting?.('rang');
  }

  wait(ms: number, signal: AbortSignal): Promise<WakeReason> {
    if (signal.aborted) return Promise.resolve('aborted');
    if (this.due) {
      this.due = false;
      return Promise.resolve('rang');
    }
    return new Promise((resolve) => {
      const done = (why: WakeReason) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiting = null;
        if (why === 'rang') this.due = false;
        resolve(why);
      };
      const onAbort = () => done('aborted');
      const timer = setTimeout(() => done('timeout'), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = done;
    });
  }
}
