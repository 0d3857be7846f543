// The signed-in person's notifications: mentioned, changes requested on their
// annotation, their annotation approved, an annotation submitted for review
// (editors and admins). Everyone sees only their own.
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { stillOnTheDesk, Wakeup } from '../services/live';
import { getNotifier } from '../services/notifier';
import {
  listNotifications,
  markAllRead,
  markRead,
  newestNotificationId,
  unreadCount,
  type NotificationView,
} from '../services/notifications';
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

/** What the person's stream sends: the unread count, and the notifications new since the last message (newest first). */
export interface NotificationMessage {
  unread: number;
  added: NotificationView[];
}

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
      let since = input?.lastEventId == null ? await newestNotificationId(ctx.db, ctx.user) : Number(input.lastEventId);
      let told: string | null = null;
      for (;;) {
        if (!(await stillOnTheDesk(ctx.db, ctx.user.id))) return;
        const added = await listNotifications(ctx.db, ctx.user, { after: since, limit: 100 });
        const unread = await unreadCount(ctx.db, ctx.user);
        since = Math.max(since, added[0]?.id ?? 0);
        const message: NotificationMessage = { unread, added };
        const key = `${since}:${unread}`;
        if (added.length || key !== told) yield tracked(String(since), message);
        told = key;
        const why = await wake.wait(LIVE_RECHECK_MS, signal ?? new AbortController().signal);
        if (why === 'aborted') return;
      }
    } finally {
      stop();
    }
  }),
});
