import { annotationRefInput, commentInput, commentRefInput, editCommentInput } from '../domain/annotation.types';
import { commentIdSchema } from '../domain/annotation.types';
import {
  createComment,
  deleteComment,
  editComment,
  listComments,
  mentionablePeople,
  mentionsOf,
  resolveDiscussion,
} from '../services/comments';
import { roleProcedure, router, signedInProcedure } from '../trpc';
import { z } from 'zod';

// Everyone signed in may take part in a discussion, viewers included.
export const commentRouter = router({
  list: signedInProcedure
    .input(z.object({ annotationId: annotationRefInput.shape.id }))
    .query(async ({ ctx, input }) => await listComments(ctx.db, input.annotationId)),
  create: signedInProcedure
    .input(commentInput.extend({ id: commentIdSchema }))
    .mutation(async ({ ctx, input }) => await createComment(ctx.db, ctx.user, input)),
  edit: signedInProcedure
    .input(editCommentInput)
    .mutation(async ({ ctx, input }) => await editComment(ctx.db, ctx.user, input.id, input.body)),
  delete: signedInProcedure.input(commentRefInput).mutation(async ({ ctx, input }) => await deleteComment(ctx.db, ctx.user, input.id)),
  resolve: roleProcedure('editor')
    .input(z.object({ annotationId: annotationRefInput.shape.id }))
    .mutation(async ({ ctx, input }) => await resolveDiscussion(ctx.db, ctx.user, input.annotationId)),
  /** Who can be mentioned (ids and names only): the discussion's "@" autocomplete. */
  people: signedInProcedure.query(async ({ ctx }) => await mentionablePeople(ctx.db)),
  /** Comments that mention the signed-in person. */
  mentions: signedInProcedure.query(async ({ ctx }) => await mentionsOf(ctx.db, ctx.user)),
});
