import { z } from 'zod';
import { annotationIdSchema } from '../domain/annotation.types';
import { assignInput } from '../domain/search.types';
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
});
