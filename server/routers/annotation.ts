import { z } from 'zod';
import { articleIdSchema } from '../domain/article.types';
import {
  annotationRefInput,
  createAnnotationInput,
  importAnnotationsInput,
  reattachAnnotationInput,
  updateAnnotationInput,
} from '../domain/annotation.types';
import { importWebAnnotations } from '../services/web-annotations';
import {
  confirmAnchor,
  createAnnotation,
  deleteAnnotation,
  listAnnotations,
  reattachAnnotation,
  restoreAnnotation,
  updateAnnotation,
} from '../services/annotations';
import { roleProcedure, router, signedInProcedure } from '../trpc';

// Reviewers change their own annotations and editors anyone's: the services check ownership against ctx.user.
export const annotationRouter = router({
  list: signedInProcedure
    .input(z.object({ articleId: articleIdSchema }))
    .query(({ ctx, input }) => listAnnotations(ctx.db, input.articleId)),
  create: roleProcedure('reviewer').input(createAnnotationInput).mutation(({ ctx, input }) => createAnnotation(ctx.db, ctx.user, input)),
  update: roleProcedure('reviewer').input(updateAnnotationInput).mutation(({ ctx, input }) => updateAnnotation(ctx.db, ctx.user, input)),
  delete: roleProcedure('reviewer').input(annotationRefInput).mutation(({ ctx, input }) => deleteAnnotation(ctx.db, ctx.user, input.id)),
  reattach: roleProcedure('reviewer')
    .input(reattachAnnotationInput)
    .mutation(({ ctx, input }) => reattachAnnotation(ctx.db, ctx.user, input)),
  confirmAnchor: roleProcedure('reviewer').input(annotationRefInput).mutation(({ ctx, input }) => confirmAnchor(ctx.db, ctx.user, input.id)),
  importCollection: roleProcedure('reviewer')
    .input(importAnnotationsInput)
    .mutation(({ ctx, input }) => importWebAnnotations(ctx.db, ctx.user, input.articleId, input.collection)),
  restore: roleProcedure('reviewer').input(annotationRefInput).mutation(({ ctx, input }) => restoreAnnotation(ctx.db, ctx.user, input.id)),
});
