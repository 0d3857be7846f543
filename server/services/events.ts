// The one way events are written: inside the caller's transaction, so the
// record and the change it describes are saved together or not at all.
import 'server-only';
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { events, type EventRow } from '@/db/schema';
import type { EventType, HistoryEvent } from '../domain/history';
import type { TrailEvent } from '../domain/workflow';

/** Who caused an event: a person, or the app itself (migrations, re-anchoring has a person too). */
export interface EventActor {
  id: string | null;
  name: string;
}

export function recordEvent(
  tx: DbOrTx,
  event: { type: EventType; actor: EventActor; articleId: number | null; annotationId?: string | null; before?: unknown; after?: unknown },
): number {
  const row = tx
    .insert(events)
    .values({
      type: event.type,
      actorId: event.actor.id,
      actorName: event.actor.name,
      articleId: event.articleId,
      annotationId: event.annotationId ?? null,
      before: event.before ?? null,
      after: event.after ?? null,
      createdAt: new Date().toISOString(),
    })
    .returning({ id: events.id })
    .get();
  return row.id;
}

const toHistory = (row: EventRow): HistoryEvent => ({
  id: row.id,
  type: row.type,
  actorName: row.actorName,
  articleId: row.articleId,
  annotationId: row.annotationId,
  before: row.before,
  after: row.after,
  createdAt: row.createdAt,
});

/** The annotation's events oldest first, with who did each: what the four-eyes rule reads (see contentChangersSinceSubmission). */
export function annotationTrail(db: DbOrTx, annotationId: string): TrailEvent[] {
  return db
    .select({ type: events.type, actorId: events.actorId, before: events.before, after: events.after })
    .from(events)
    .where(eq(events.annotationId, annotationId))
    .orderBy(asc(events.id))
    .all();
}

/** Newest first. */
export function annotationEvents(db: DbOrTx, annotationId: string): HistoryEvent[] {
  return db.select().from(events).where(eq(events.annotationId, annotationId)).orderBy(desc(events.id)).all().map(toHistory);
}

/** The article's own events and those of its annotations, newest first. */
export function articleEvents(db: DbOrTx, articleId: number, limit = 500): HistoryEvent[] {
  return db.select().from(events).where(eq(events.articleId, articleId)).orderBy(desc(events.id)).limit(limit).all().map(toHistory);
}

export function findEvent(db: DbOrTx, id: number): HistoryEvent | null {
  const row = db.select().from(events).where(eq(events.id, id)).get();
  return row ? toHistory(row) : null;
}

/** Annotations of an article that were deleted, as history remembers them (for restoring). */
export function deletionEvents(db: DbOrTx, articleId: number): HistoryEvent[] {
  return db
    .select()
    .from(events)
    .where(and(eq(events.articleId, articleId), eq(events.type, 'annotation.deleted'), isNotNull(events.annotationId)))
    .orderBy(desc(events.id))
    .all()
    .map(toHistory);
}
