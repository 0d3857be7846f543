// What concerns one person: they were mentioned in a comment, changes were
// requested on their annotation, their annotation was approved, or (editors and
// admins) an annotation was submitted for review. Derived from the event that
// causes it, in the same transaction (recordEvent calls notificationsFor), so a
// notification exists exactly when its event does; read state is per person.
import 'server-only';
import { and, count, desc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { annotations, articles, commentMentions, notifications, user } from '@/db/schema';
import type { EventType } from '../domain/history';
import type { NotificationType, NotificationView } from '../domain/notification.types';
import type { Actor } from '../domain/roles';
import { notFound } from '../errors';
import { withTx, notePersonNotification } from './transaction';

export type { NotificationType, NotificationView };

export const NOTIFICATION_GONE = 'This notification does not exist';

interface CausingEvent {
  id: number;
  type: EventType;
  actor: { id: string | null; name: string };
  articleId: number;
  annotationId: string | null;
  after?: unknown;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The people an event concerns, and how; never the person who caused it. */
async function recipients(
  tx: DbOrTx,
  event: CausingEvent,
): Promise<{ userId: string; type: NotificationType; commentId: string | null }[]> {
  const after = rec(event.after);
  const notActor = (id: string | null | undefined): id is string => !!id && id !== event.actor.id;
  switch (event.type) {
    case 'comment.created':
    case 'comment.edited': {
      const commentId = typeof after.commentId === 'string' ? after.commentId : null;
      if (!commentId) return [];
      // The comment's mentions are written before its event (server/services/comments.ts).
      const mentioned = (
        await tx.select({ userId: commentMentions.userId }).from(commentMentions).where(eq(commentMentions.commentId, commentId)).all()
      )
        .map((r) => r.userId)
        .filter(notActor);
      if (!mentioned.length) return [];
      // An edit tells only those it newly mentions.
      const told = new Set(
        (
          await tx
            .select({ userId: notifications.userId })
            .from(notifications)
            .where(and(eq(notifications.commentId, commentId), eq(notifications.type, 'mention')))
            .all()
        ).map((r) => r.userId),
      );
      return mentioned.filter((id) => !told.has(id)).map((userId) => ({ userId, type: 'mention' as const, commentId }));
    }
    case 'annotation.status': {
      if (!event.annotationId) return [];
      if (after.status === 'in_review') {
        return (
          await tx
            .select({ id: user.id })
            .from(user)
            .where(and(inArray(user.role, ['editor', 'admin']), isNull(user.accessRemovedAt)))
            .all()
        )
          .map((r) => r.id)
          .filter(notActor)
          .map((userId) => ({ userId, type: 'submitted' as const, commentId: null }));
      }
      if (after.status !== 'changes_requested' && after.status !== 'approved') return [];
      const author = await tx
        .select({ id: annotations.authorId, removed: user.accessRemovedAt })
        .from(annotations)
        .innerJoin(user, eq(user.id, annotations.authorId))
        .where(eq(annotations.id, event.annotationId))
        .get();
      if (!author || author.removed || !notActor(author.id)) return [];
      return [{ userId: author.id!, type: after.status === 'approved' ? 'approved' : 'changes_requested', commentId: null }];
    }
    default:
      return [];
  }
}

/** Called by recordEvent, inside the event's transaction. */
export async function notificationsFor(tx: DbOrTx, event: CausingEvent): Promise<void> {
  const to = await recipients(tx, event);
  if (!to.length) return;
  const createdAt = new Date().toISOString();
  const rows = await tx
    .insert(notifications)
    .values(
      to.map((r) => ({
        userId: r.userId,
        type: r.type,
        articleId: event.articleId,
        annotationId: event.annotationId,
        commentId: r.commentId,
        eventId: event.id,
        actorId: event.actor.id,
        actorName: event.actor.name,
        createdAt,
      })),
    )
    .returning({ id: notifications.id, userId: notifications.userId })
    .all();
  for (const row of rows) notePersonNotification(row.userId, row.id);
}

/** A person's notifications on articles that still exist (deleted annotations leave their notification without a quote). */
const visible = (userId: string) => and(eq(notifications.userId, userId), isNull(articles.deletedAt));

export async function listNotifications(
  db: DbOrTx,
  actor: Actor,
  options: { limit?: number; before?: number; after?: number } = {},
): Promise<NotificationView[]> {
  const rows = await db
    .select({
      id: notifications.id,
      type: notifications.type,
      articleId: notifications.articleId,
      articleTitle: articles.title,
      annotationId: notifications.annotationId,
      annotationDeleted: annotations.deletedAt,
      quote: annotations.exact,
      commentId: notifications.commentId,
      actorName: notifications.actorName,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(articles, eq(articles.id, notifications.articleId))
    .leftJoin(annotations, eq(annotations.id, notifications.annotationId))
    .where(
      and(
        visible(actor.id),
        options.before !== undefined ? lt(notifications.id, options.before) : undefined,
        options.after !== undefined ? gt(notifications.id, options.after) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(options.limit ?? 50)
    .all();
  return rows.map(({ annotationDeleted, readAt, ...row }) => ({
    ...row,
    annotationId: annotationDeleted ? null : row.annotationId,
    quote: annotationDeleted ? null : row.quote,
    read: readAt !== null,
  }));
}

export async function unreadCount(db: DbOrTx, actor: Actor): Promise<number> {
  return (await db
    .select({ n: count() })
    .from(notifications)
    .innerJoin(articles, eq(articles.id, notifications.articleId))
    .where(and(visible(actor.id), isNull(notifications.readAt)))
    .get())!.n;
}

/** The person's newest notification id (0 for none): where their live stream starts. */
export async function newestNotificationId(db: DbOrTx, actor: Actor): Promise<number> {
  return (
    (
      await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(eq(notifications.userId, actor.id))
        .orderBy(desc(notifications.id))
        .limit(1)
        .get()
    )?.id ?? 0
  );
}

/** Marks the person's unread notifications read; their other tabs hear of it on their stream. */
export async function markAllRead(db: Db, actor: Actor): Promise<{ unread: 0 }> {
  await withTx(db, async (tx) => {
    const marked = await tx
      .update(notifications)
      .set({ readAt: new Date().toISOString() })
      .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)))
      .returning({ id: notifications.id })
      .all();
    if (marked.length) notePersonNotification(actor.id, await newestNotificationId(tx, actor));
  });
  return { unread: 0 };
}

export async function markRead(db: Db, actor: Actor, id: number): Promise<{ id: number; unread: number }> {
  return withTx(db, async (tx) => {
    const row = await tx
      .select({ readAt: notifications.readAt })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, actor.id)))
      .get();
    // Someone else's notification is as missing as one that never was.
    if (!row) throw notFound(NOTIFICATION_GONE);
    if (!row.readAt) {
      await tx.update(notifications).set({ readAt: new Date().toISOString() }).where(eq(notifications.id, id)).run();
      notePersonNotification(actor.id, await newestNotificationId(tx, actor));
    }
    return { id, unread: await unreadCount(tx, actor) };
  });
}
