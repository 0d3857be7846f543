// The signed-in person's notifications: mentioned, changes requested on their
// annotation, their annotation approved, an annotation submitted for review
// (editors and admins). Everyone sees only their own. `live` is the stream of
// a page without an article; an article's page hears the same on its article's
// stream (live.article with `notifications`), so every page holds one stream.
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { stillOnTheDesk, Wakeup } from '../services/live';
import { getNotifier } from '../services/notifier';
import { NotificationFeed, type NotificationMessage } from '../services/notification-feed';
import { listNotifications, markAllRead, markRead, unreadCount } from '../services/notifications';
import { router, signedInProcedure } from '../trpc';
import { LIVE_RECHECK_MS, lastEventIdSchema } from './live';

const notificationIdSchema = z.number({ error: 'Notification id must be a number' }).int().positive();

export const notificationListInput = z
  .object({
    limit: z.number().int().min(1).max(100).optional(),
    /** For the next page: notifications older than this id. */
    before: notificationIdSchema.optional(),
  })
  .optional();

export type { NotificationMessage };

export const notificationRouter = router({
  list: signedInProcedure
    .input(notificationListInput)
    .query(async ({ ctx, input }) => await listNotifications(ctx.db, ctx.user, { limit: input?.limit, before: input?.before })),
  unreadCount: signedInProcedure.query(async ({ ctx }) => ({ unread: await unreadCount(ctx.db, ctx.user) })),
  markAllRead: signedInProcedure.mutation(async ({ ctx }) => await markAllRead(ctx.db, ctx.user)),
  markRead: signedInProcedure
    .input(z.object({ id: notificationIdSchema }))
    .mutation(async ({ ctx, input }) => await markRead(ctx.db, ctx.user, input.id)),
  /**
   * The person's stream: a first message with the unread count (and, when
   * resuming, what arrived meanwhile), then one after every new notification
   * or read mark. Tracked by the newest notification id.
   */
  live: signedInProcedure.input(z.object({ lastEventId: lastEventIdSchema }).optional()).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const wake = new Wakeup();
    const stop = getNotifier().subscribePerson(ctx.user.id, () => wake.ring());
    try {
      const feed = await NotificationFeed.open(ctx.db, ctx.user, input?.lastEventId == null ? null : Number(input.lastEventId));
      for (;;) {
        if (!(await stillOnTheDesk(ctx.db, ctx.user.id))) return;
        const message = await feed.next();
        if (message) yield tracked(String(feed.position), message);
        const why = await wake.wait(LIVE_RECHECK_MS, signal ?? new AbortController().signal);
        if (why === 'aborted') return;
      }
    } finally {
      stop();
    }
  }),
});
