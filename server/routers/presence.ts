// Presence: a tab is present while its article stream is open (live.article
// with a clientId) and tells what it edits when that changes; a tab on the
// fallback poll says it is here with a heartbeat instead. Names and roles come from the session,
// never from the browser; nothing is written to the database.
import { z } from 'zod';
import { annotationIdSchema } from '../domain/annotation.types';
import { articleIdSchema } from '../domain/article.types';
import { can } from '../domain/policy';
import { changeCursor } from '../services/annotation-sync';
import { unreadCount } from '../services/notifications';
import { getPresence, PRESENCE_TTL_MS } from '../services/presence';
import { router, signedInProcedure } from '../trpc';

/** One tab of a person: a random id the page makes when it opens. */
export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'clientId must be 1 to 64 letters, digits, - or _')
  .optional();

export const heartbeatInput = z.object({
  articleId: articleIdSchema,
  /** The annotation open for editing in this tab, or null when only reading. */
  editing: annotationIdSchema.nullable(),
  clientId: clientIdSchema,
});

export const editingInput = z.object({ articleId: articleIdSchema, editing: annotationIdSchema.nullable(), clientId: clientIdSchema });

export const leaveInput = z.object({ articleId: articleIdSchema, clientId: clientIdSchema });

export const presenceRouter = router({
  /**
   * "I have this article open (and am editing this annotation)": keeps the
   * person listed for PRESENCE_TTL_MS. Sent only by a page on the fallback poll
   * (a page on the stream is present while it is open); answers who is here and
   * the person's unread count, which the stream would have pushed.
   */
  heartbeat: signedInProcedure.input(heartbeatInput).mutation(async ({ ctx, input }) => {
    await changeCursor(ctx.db, input.articleId); // a live article, or NOT_FOUND
    // Viewers read and comment; they do not edit annotations, so they are never shown as editing one.
    const editing = can.annotate(ctx.user) ? input.editing : null;
    const presence = getPresence();
    presence.heartbeat(input.articleId, ctx.user, input.clientId ?? '', editing);
    // The unread count too: a page on the poll has no stream to bring it.
    return { people: presence.list(input.articleId), ttlMs: PRESENCE_TTL_MS, unread: await unreadCount(ctx.db, ctx.user) };
  }),
  /**
   * What this tab now edits, sent only when it changes (and again when the tab's stream reconnects): the
   * stream itself keeps the tab present, so a page on the stream sends nothing else while idle.
   */
  editing: signedInProcedure.input(editingInput).mutation(async ({ ctx, input }) => {
    await changeCursor(ctx.db, input.articleId); // a live article, or NOT_FOUND
    getPresence().setEditing(input.articleId, ctx.user, input.clientId ?? '', can.annotate(ctx.user) ? input.editing : null);
    return { editing: can.annotate(ctx.user) ? input.editing : null };
  }),
  /** The tab closed or left the article (sent on pagehide); without it the person goes after PRESENCE_TTL_MS. */
  leave: signedInProcedure.input(leaveInput).mutation(({ ctx, input }) => {
    getPresence().leave(input.articleId, ctx.user.id, input.clientId ?? '');
    return { left: true as const };
  }),
});
