import { z } from 'zod';
import { articleIdSchema } from '../domain/article.types';
import {
  annotationChangesInput,
  annotationDetailsInput,
  annotationIndexInput,
  annotationRefInput,
  answerVerdictQuestionInput,
  createAnnotationInput,
  discardVersionInput,
  importAnnotationsInput,
  reattachAnnotationInput,
  requestChangesInput,
  restoreVersionInput,
  updateAnnotationInput,
} from '../domain/annotation.types';
import { bulkInput } from '../domain/bulk.types';
import { approveMany, submitMany } from '../services/bulk';
import { importWebAnnotations } from '../services/web-annotations';
import {
  confirmAnchor,
  createAnnotation,
  deleteAnnotation,
  discardVersion,
  listAnnotations,
  reattachAnnotation,
  restoreAnnotation,
  updateAnnotation,
} from '../services/annotations';
import { annotationChanges, annotationDetails, annotationIndex, changeCursor } from '../services/annotation-sync';
import { annotationHistory, restoreVersion } from '../services/history';
import { answerVerdictQuestion } from '../services/verdict-question';
import { approveAnnotation, requestChanges, submitAnnotation } from '../services/workflow';
import { roleProcedure, router, signedInProcedure } from '../trpc';

// Reviewers change their own annotations and editors anyone's: the services check ownership against ctx.user.
export const annotationRouter = router({
  list: signedInProcedure
    .input(z.object({ articleId: articleIdSchema }))
    .query(async ({ ctx, input }) => await listAnnotations(ctx.db, input.articleId)),
  // A long article's editor: the compact index, details for what is on screen, and changes after the index's cursor.
  index: signedInProcedure.input(annotationIndexInput).query(async ({ ctx, input }) => await annotationIndex(ctx.db, input.articleId)),
  details: signedInProcedure
    .input(annotationDetailsInput)
    .query(async ({ ctx, input }) => await annotationDetails(ctx.db, input.articleId, input.ids)),
  changes: signedInProcedure
    .input(annotationChangesInput)
    .query(async ({ ctx, input }) => await annotationChanges(ctx.db, input.articleId, input.since, input.revision)),
  /** Only the cursor: what an idle poll costs (the changes route answers 304 from it). */
  cursor: signedInProcedure
    .input(annotationIndexInput)
    .query(async ({ ctx, input }) => ({ cursor: await changeCursor(ctx.db, input.articleId) })),
  create: roleProcedure('reviewer')
    .input(createAnnotationInput)
    .mutation(async ({ ctx, input }) => await createAnnotation(ctx.db, ctx.user, input)),
  update: roleProcedure('reviewer')
    .input(updateAnnotationInput)
    .mutation(async ({ ctx, input }) => await updateAnnotation(ctx.db, ctx.user, input)),
  delete: roleProcedure('reviewer')
    .input(annotationRefInput)
    .mutation(async ({ ctx, input }) => await deleteAnnotation(ctx.db, ctx.user, input.id)),
  reattach: roleProcedure('reviewer')
    .input(reattachAnnotationInput)
    .mutation(async ({ ctx, input }) => await reattachAnnotation(ctx.db, ctx.user, input)),
  confirmAnchor: roleProcedure('reviewer')
    .input(annotationRefInput)
    .mutation(async ({ ctx, input }) => await confirmAnchor(ctx.db, ctx.user, input.id)),
  /** "The claim's text changed: is the verdict still right?" answered: keep the verdict, or change it. */
  answerVerdictQuestion: roleProcedure('reviewer')
    .input(answerVerdictQuestionInput)
    .mutation(async ({ ctx, input }) => await answerVerdictQuestion(ctx.db, ctx.user, input)),
  importCollection: roleProcedure('reviewer')
    .input(importAnnotationsInput)
    .mutation(async ({ ctx, input }) => await importWebAnnotations(ctx.db, ctx.user, input.articleId, input.collection)),
  restore: roleProcedure('reviewer')
    .input(annotationRefInput)
    .mutation(async ({ ctx, input }) => await restoreAnnotation(ctx.db, ctx.user, input.id)),

  // Sign-off. The services check who may (the author submits; editors who are not the author review).
  submit: roleProcedure('reviewer')
    .input(annotationRefInput)
    .mutation(async ({ ctx, input }) => await submitAnnotation(ctx.db, ctx.user, input.id)),
  approve: roleProcedure('editor')
    .input(annotationRefInput)
    .mutation(async ({ ctx, input }) => await approveAnnotation(ctx.db, ctx.user, input.id)),
  requestChanges: roleProcedure('editor')
    .input(requestChangesInput)
    .mutation(async ({ ctx, input }) => await requestChanges(ctx.db, ctx.user, input.id, input.comment)),
  // Several at once: each annotation by the single step's rules, refusals listed with their reasons (services/bulk.ts).
  submitMany: roleProcedure('reviewer')
    .input(bulkInput)
    .mutation(async ({ ctx, input }) => await submitMany(ctx.db, ctx.user, input.ids)),
  approveMany: roleProcedure('editor')
    .input(bulkInput)
    .mutation(async ({ ctx, input }) => await approveMany(ctx.db, ctx.user, input.ids)),

  // History: read by everyone; an earlier version is brought back by editors.
  history: signedInProcedure.input(annotationRefInput).query(async ({ ctx, input }) => await annotationHistory(ctx.db, input.id)),
  restoreVersion: roleProcedure('editor')
    .input(restoreVersionInput)
    .mutation(async ({ ctx, input }) => await restoreVersion(ctx.db, ctx.user, input.id, input.eventId)),
  /** "Keep theirs" after a conflict: records the version given up. */
  discardVersion: roleProcedure('reviewer')
    .input(discardVersionInput)
    .mutation(async ({ ctx, input }) => await discardVersion(ctx.db, ctx.user, input)),
});
