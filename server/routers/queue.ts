import { z } from 'zod';
import { annotationIdSchema } from '../domain/annotation.types';
import { bulkAssignInput } from '../domain/bulk.types';
import { assignInput } from '../domain/search.types';
import { assignMany } from '../services/bulk';
import { assignAnnotation, assigneeOf, assignees, workQueue } from '../services/work-queue';
import { roleProcedure, router, signedInProcedure } from '../trpc';

// "My work" and assignment: the service checks who may assign whom.
export const queueRouter = router({
  mine: signedInProcedure.query(({ ctx }) => workQueue(ctx.db, ctx.user)),
  assignees: roleProcedure('reviewer').query(({ ctx }) => assignees(ctx.db)),
  assignee: signedInProcedure.input(z.object({ id: annotationIdSchema })).query(({ ctx, input }) => assigneeOf(ctx.db, input.id)),
  assign: roleProcedure('reviewer')
    .input(assignInput)
    .mutation(({ ctx, input }) => assignAnnotation(ctx.db, ctx.user, input)),
  /** "Assign selected": each annotation by assign's own rules; the refused ones are listed with their reasons. */
  assignMany: roleProcedure('reviewer')
    .input(bulkAssignInput)
    .mutation(({ ctx, input }) => assignMany(ctx.db, ctx.user, input.ids, input.assigneeId)),
});
