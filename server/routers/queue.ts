import { z } from 'zod';
import { annotationIdSchema } from '../domain/annotation.types';
import { bulkAssignInput } from '../domain/bulk.types';
import { assignInput } from '../domain/search.types';
import { assignMany } from '../services/bulk';
import { assignAnnotation, assigneeOf, assignees, workQueue } from '../services/work-queue';
import { roleProcedure, router, signedInProcedure } from '../trpc';

// "My work" and assignment: the service checks who may assign whom.
export const queueRouter = router({
  mine: signedInProcedure.query(async ({ ctx }) => await workQueue(ctx.db, ctx.user)),
  assignees: roleProcedure('reviewer').query(async ({ ctx }) => await assignees(ctx.db)),
  assignee: signedInProcedure
    .input(z.object({ id: annotationIdSchema }))
    .query(async ({ ctx, input }) => await assigneeOf(ctx.db, input.id)),
  assign: roleProcedure('reviewer')
    .input(assignInput)
    .mutation(async ({ ctx, input }) => await assignAnnotation(ctx.db, ctx.user, input)),
  /** "Assign selected": each annotation by assign's own rules; the refused ones are listed with their reasons. */
  assignMany: roleProcedure('reviewer')
    .input(bulkAssignInput)
    .mutation(async ({ ctx, input }) => await assignMany(ctx.db, ctx.user, input.ids, input.assigneeId)),
});
