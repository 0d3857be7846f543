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
import { publicProcedure, router } from '../trpc';

export const annotationRouter = router({
  list: publicProcedure
    .input(z.object({ articleId: articleIdSchema }))
    .query(({ ctx, input }) => listAnnotations(ctx.db, input.articleId)),
  create: publicProcedure.input(createAnnotationInput).mutation(({ ctx, input }) => createAnnotation(ctx.db, input)),
  update: publicProcedure.input(updateAnnotationInput).mutation(({ ctx, input }) => updateAnnotation(ctx.db, input)),
  delete: publicProcedure.input(annotationRefInput).mutation(({ ctx, input }) => deleteAnnotation(ctx.db, input.id)),
  reattach: publicProcedure.input(reattachAnnotationInput).mutation(({ ctx, input }) => reattachAnnotation(ctx.db, input)),
  confirmAnchor: publicProcedure.input(annotationRefInput).mutation(({ ctx, input }) => confirmAnchor(ctx.db, input.id)),
  importCollection: publicProcedure
    .input(importAnnotationsInput)
    .mutation(({ ctx, input }) => importWebAnnotations(ctx.db, input.articleId, input.collection, input.author)),
  restore: publicProcedure.input(annotationRefInput).mutation(({ ctx, input }) => restoreAnnotation(ctx.db, input.id)),
});
