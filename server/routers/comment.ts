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
    .query(({ ctx, input }) => listComments(ctx.db, input.annotationId)),
  create: signedInProcedure
    .input(commentInput.extend({ id: commentIdSchema }))
    .mutation(({ ctx, input }) => createComment(ctx.db, ctx.user, input)),
  edit: signedInProcedure.input(editCommentInput).mutation(({ ctx, input }) => editComment(ctx.db, ctx.user, input.id, input.body)),
  delete: signedInProcedure.input(commentRefInput).mutation(({ ctx, input }) => deleteComment(ctx.db, ctx.user, input.id)),
  resolve: roleProcedure('editor')
    .input(z.object({ annotationId: annotationRefInput.shape.id }))
    .mutation(({ ctx, input }) => resolveDiscussion(ctx.db, ctx.user, input.annotationId)),
  /** Who can be mentioned (ids and names only): the discussion's "@" autocomplete. */
  people: signedInProcedure.query(({ ctx }) => mentionablePeople(ctx.db)),
  /** Comments that mention the signed-in person. */
  mentions: signedInProcedure.query(({ ctx }) => mentionsOf(ctx.db, ctx.user)),
});
