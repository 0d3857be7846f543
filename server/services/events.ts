// The one way events are written: inside the caller's transaction, so the
// record and the change it describes are saved together or not at all. An
// event on an article takes the article's next change sequence in the same
// transaction (UPDATE … RETURNING holds the article row's write lock until the
// commit), so the sequence is gap-free and in commit order on any database;
// the transaction helper publishes it after the commit.
import 'server-only';
import { and, asc, desc, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articles, events, type EventRow } from '@/db/schema';
import type { EventType, HistoryEvent } from '../domain/history';
import type { TrailEvent } from '../domain/workflow';
import { notFound } from '../errors';
import { notificationsFor } from './notifications';
import { noteChange } from './transaction';

/** Who caused an event: a person, or the app itself (migrations, re-anchoring has a person too). */
export interface EventActor {
  id: string | null;
  name: string;
}

export async function recordEvent(
  tx: DbOrTx,
  event: { type: EventType; actor: EventActor; articleId: number | null; annotationId?: string | null; before?: unknown; after?: unknown },
): Promise<number> {
  const seq = event.articleId === null ? null : await nextSeq(tx, event.articleId);
  const row = await tx
    .insert(events)
    .values({
      type: event.type,
      actorId: event.actor.id,
      actorName: event.actor.name,
      articleId: event.articleId,
      seq,
      annotationId: event.annotationId ?? null,
      before: event.before ?? null,
      after: event.after ?? null,
      createdAt: new Date().toISOString(),
    })
    .returning({ id: events.id })
    .get();
  if (event.articleId !== null && seq !== null) {
    // Who the event concerns is told in the same transaction (mentions, sign-off).
    await notificationsFor(tx, { ...event, articleId: event.articleId, annotationId: event.annotationId ?? null, id: row.id });
    noteChange(event.articleId, seq);
  }
  return row.id;
}

/** The article's next change sequence, taken in the caller's transaction. */
async function nextSeq(tx: DbOrTx, articleId: number): Promise<number> {
  const row = await tx
    .update(articles)
    .set({ changeSeq: sql`${articles.changeSeq} + 1` })
    .where(eq(articles.id, articleId))
    .returning({ seq: articles.changeSeq })
    .get();
  if (!row) throw notFound(`Article ${articleId} does not exist`);
  return row.seq;
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
export async function annotationTrail(db: DbOrTx, annotationId: string): Promise<TrailEvent[]> {
  return await db
    .select({ type: events.type, actorId: events.actorId, before: events.before, after: events.after })
    .from(events)
    .where(eq(events.annotationId, annotationId))
    .orderBy(asc(events.seq), asc(events.id))
    .all();
}

/** Newest first (an annotation's events are all on its article, so in the article's sequence). */
export async function annotationEvents(db: DbOrTx, annotationId: string): Promise<HistoryEvent[]> {
  return (await db.select().from(events).where(eq(events.annotationId, annotationId)).orderBy(desc(events.seq), desc(events.id)).all()).map(
    toHistory,
  );
}

/** The article's own events and those of its annotations, newest first by the article's change sequence. */
export async function articleEvents(db: DbOrTx, articleId: number, limit = 500): Promise<HistoryEvent[]> {
  return (await db.select().from(events).where(eq(events.articleId, articleId)).orderBy(desc(events.seq)).limit(limit).all()).map(
    toHistory,
  );
}

/** The article's events after change `since` up to change `upTo`, oldest first: what a live page has not seen yet. */
export async function eventsAfter(db: DbOrTx, articleId: number, since: number, upTo: number) {
  return await db
    .select({ seq: events.seq, type: events.type, annotationId: events.annotationId })
    .from(events)
    .where(and(eq(events.articleId, articleId), gt(events.seq, since), lte(events.seq, upTo)))
    .orderBy(events.seq)
    .all();
}

export async function findEvent(db: DbOrTx, id: number): Promise<HistoryEvent | null> {
  const row = await db.select().from(events).where(eq(events.id, id)).get();
  return row ? toHistory(row) : null;
}

/** Annotations of an article that were deleted, as history remembers them (for restoring). */
export async function deletionEvents(db: DbOrTx, articleId: number): Promise<HistoryEvent[]> {
  return (
    await db
      .select()
      .from(events)
      .where(and(eq(events.articleId, articleId), eq(events.type, 'annotation.deleted'), isNotNull(events.annotationId)))
      .orderBy(desc(events.seq))
      .all()
  ).map(toHistory);
}
