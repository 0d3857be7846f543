// The article's live stream (server-sent events through tRPC's
// httpSubscriptionLink): after the page's cursor, every committed change of the
// article, then whatever changes next, as the post-commit notifier announces
// it; presence and the person's notifications ride the same stream, so a page
// holds one connection and sends nothing while idle. Every message is tracked
// with the article's change sequence the page has been brought up to, so a
// reconnect (EventSource sends the last id, tRPC passes it as `lastEventId`)
// resumes with nothing missed and nothing twice.
import { tracked, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { revisionNumberSchema } from '../domain/annotation.types';
import { articleIdSchema } from '../domain/article.types';
import { AppError } from '../errors';
import { actorFromHeaders } from '../context';
import { cursorAhead } from '../services/annotation-sync';
import { liveCursor, Wakeup, type LiveChanges } from '../services/live';
import { getLiveReads, type LiveQuestion } from '../services/live-reads';
import { getNotifier } from '../services/notifier';
import { NotificationFeed, type NotificationMessage } from '../services/notification-feed';
import { getPresence, type PresentPerson } from '../services/presence';
import { clientIdSchema } from './presence';
import { router, signedInProcedure, type Context } from '../trpc';

/** A change number as an event id: tRPC's client sends the last one it received back as `lastEventId`. */
export const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'lastEventId must be a change number')
  .nullish();

export const liveArticleInput = z.object({
  articleId: articleIdSchema,
  /** The cursor the page has (its index's) when it first connects; set by tRPC's client on a reconnect. Absent: from now. */
  lastEventId: lastEventIdSchema,
  /** The revision the page shows: if the article has a newer one, the changes message says so and carries no annotations. */
  revision: revisionNumberSchema.optional(),
  /** The tab, as presence tells one tab of a person from another: given, the person is present while the stream is open. */
  clientId: clientIdSchema,
  /** Carry the person's notifications too (the page's only stream). */
  notifications: z.boolean().optional(),
  /**
   * The newest notification the page knew of when it subscribed (absent: from now). An automatic reconnect
   * sends it again, so what came after it is sent again too: the page keeps each notification once, by id.
   */
  notificationsAfter: z.number().int().nonnegative().optional(),
});

export type ClosedReason = 'deleted' | 'access_removed' | 'signed_out';

/** What the stream sends; `cursor` is also the message's tracked id. */
export type LiveMessage =
  | ({ kind: 'changes' } & LiveChanges)
  | { kind: 'presence'; cursor: number; people: PresentPerson[] }
  | ({ kind: 'notifications'; cursor: number } & NotificationMessage)
  /** The last message: the article was deleted, or the person can no longer read it. The page stops (no reconnect). */
  | { kind: 'closed'; cursor: number; reason: ClosedReason };

/** Without a ring, the stream still checks access and the cursor this often (a notification lost between processes costs one read). */
export const LIVE_RECHECK_MS = 15_000;
/** The session behind the cookie is checked again this often (sign-out elsewhere, expiry). */
export const SESSION_RECHECK_MS = 60_000;

/** A service's refusal as tRPC's: inside a stream the mapAppErrors middleware no longer applies. */
function asTRPCError(error: unknown): unknown {
  return error instanceof AppError ? new TRPCError({ code: error.code, message: error.message, cause: error }) : error;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Closes the stream when the person can no longer read: access removed (read again after each commit of the article,
 * once for all the person's streams on it) or signed out (this stream's session, checked every minute).
 */
function accessCheck(ctx: Context & { user: NonNullable<Context['user']> }) {
  let sessionCheckedAt = Date.now();
  return async (question: LiveQuestion): Promise<ClosedReason | null> => {
    if (!(await getLiveReads().onDesk(ctx.db, question, ctx.user.id))) return 'access_removed';
    if (ctx.headers.get('cookie') && Date.now() - sessionCheckedAt >= SESSION_RECHECK_MS) {
      sessionCheckedAt = Date.now();
      if (!(await actorFromHeaders(ctx.db, ctx.headers))) return 'signed_out';
    }
    return null;
  };
}

async function* articleStream(
  ctx: Context & { user: NonNullable<Context['user']> },
  input: z.output<typeof liveArticleInput>,
  signal: AbortSignal | undefined,
) {
  const { db } = ctx;
  const { articleId } = input;
  const presence = getPresence();
  const wake = new Wakeup();
  let changesDue = true;
  let presenceDue = true;
  // Listening starts before the first read, so nothing committed in between is missed.
  // The newest change this stream has heard of: what it asks the shared reads names it (server/services/live-reads.ts).
  let heard = 0;
  const stopChanges = getNotifier().subscribe(articleId, (seq) => {
    heard = Math.max(heard, seq);
    changesDue = true;
    wake.ring();
  });
  const stopPresence = presence.subscribe(articleId, () => {
    presenceDue = true;
    wake.ring();
  });
  let notificationsDue = input.notifications === true;
  const stopNotifications = input.notifications
    ? getNotifier().subscribePerson(ctx.user.id, () => {
        notificationsDue = true;
        wake.ring();
      })
    : () => undefined;
  let leave = () => {};
  const closed = accessCheck(ctx);
  const reads = getLiveReads();
  try {
    const start = await liveCursor(db, articleId);
    if (start === null) throw new TRPCError({ code: 'NOT_FOUND', message: `Article ${articleId} does not exist` });
    heard = Math.max(heard, start);
    let since = input.lastEventId == null ? start : Number(input.lastEventId);
    if (since > start) throw new TRPCError({ code: 'BAD_REQUEST', message: cursorAhead(since, start) });
    const feed = input.notifications ? await NotificationFeed.open(db, ctx.user, input.notificationsAfter) : null;
    // Present while this stream is open: the tab joins now and leaves when the connection closes (finally, below).
    if (input.clientId) leave = presence.join(articleId, ctx.user, input.clientId);
    for (;;) {
      if (changesDue) {
        changesDue = false;
        // Every stream of the article woken by the same commit asks this together: one read serves them all.
        const answer = await reads.changesAfter(db, { articleId, heard }, since, input.revision);
        if (answer.kind === 'deleted') {
          yield tracked(String(since), { kind: 'closed', cursor: since, reason: 'deleted' } as LiveMessage);
          return;
        }
        if (answer.kind === 'changes') {
          since = answer.changes.cursor;
          yield tracked(String(since), { kind: 'changes', ...answer.changes } as LiveMessage);
        }
      }
      if (presenceDue) {
        presenceDue = false;
        yield tracked(String(since), { kind: 'presence', cursor: since, people: presence.list(articleId) } as LiveMessage);
      }
      if (notificationsDue && feed) {
        notificationsDue = false;
        const message = await feed.next();
        if (message) yield tracked(String(since), { kind: 'notifications', cursor: since, ...message } as LiveMessage);
      }
      const why = await wake.wait(LIVE_RECHECK_MS, signal ?? new AbortController().signal);
      if (why === 'aborted') return;
      // Commits that land in the same turn are read together.
      if (why === 'rang') await nextTurn();
      if (why === 'timeout') changesDue = true;
      const reason = await closed({ articleId, heard });
      if (reason) {
        yield tracked(String(since), { kind: 'closed', cursor: since, reason } as LiveMessage);
        return;
      }
    }
  } catch (error) {
    throw asTRPCError(error);
  } finally {
    leave();
    stopChanges();
    stopPresence();
    stopNotifications();
  }
}

export const liveRouter = router({
  /**
   * The article's live stream: `changes` (what the changes route would answer
   * after the cursor, plus which annotations had discussion or workflow events),
   * `presence` (who has it open; with a `clientId`, the caller too while the stream is open),
   * `notifications` (when asked), and a final `closed`. Read access, as any read.
   */
  article: signedInProcedure.input(liveArticleInput).subscription(({ ctx, input, signal }) => articleStream(ctx, input, signal)),
});
