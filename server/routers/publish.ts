// Publishing: the public page's framing, publishing a version, unpublishing.
// Readers' pages and feeds are route handlers (app/p, app/feed.*) that need no sign-in.
import { z } from 'zod';
import { articleIdSchema } from '../domain/article.types';
import { optionalHttpUrl, userText } from '../domain/optional-fields';
import { publicationStatus, publishArticle, saveFraming, unpublishArticle } from '../services/publishing';
import { roleProcedure, router, signedInProcedure } from '../trpc';

export const MAX_HEADLINE_LENGTH = 200;
export const MAX_CONCLUSION_LENGTH = 2000;
export const MAX_PUBLISH_NOTE_LENGTH = 300;

export const framingInput = z.object({
  articleId: articleIdSchema,
  headline: userText()
    .trim()
    .max(MAX_HEADLINE_LENGTH, `The headline is longer than ${MAX_HEADLINE_LENGTH} characters`)
    .nullish()
    .transform((v) => v || null),
  conclusion: userText().trim().max(MAX_CONCLUSION_LENGTH, `The conclusion is longer than ${MAX_CONCLUSION_LENGTH} characters`).default(''),
  display: z.enum(['full', 'excerpts']).default('full'),
  externalUrl: optionalHttpUrl('Published at'),
  bylineType: z.enum(['Person', 'Organization']).default('Person'),
});

export const publishRouter = router({
  status: signedInProcedure
    .input(z.object({ articleId: articleIdSchema }))
    .query(async ({ ctx, input }) => await publicationStatus(ctx.db, input.articleId, ctx.origin)),
  saveFraming: roleProcedure('editor')
    .input(framingInput)
    .mutation(async ({ ctx, input }) => await saveFraming(ctx.db, ctx.user, input, ctx.origin)),
  publish: roleProcedure('editor')
    .input(
      z.object({
        articleId: articleIdSchema,
        note: userText()
          .trim()
          .max(MAX_PUBLISH_NOTE_LENGTH, `The note is longer than ${MAX_PUBLISH_NOTE_LENGTH} characters`)
          .refine((v) => !/[\r\n]/.test(v), 'The note is one line')
          .default(''),
      }),
    )
    .mutation(async ({ ctx, input }) => await publishArticle(ctx.db, ctx.user, input, ctx.origin)),
  unpublish: roleProcedure('editor')
    .input(
      z.object({
        articleId: articleIdSchema,
        reason: userText()
          .trim()
          .min(1, 'Say why it is unpublished: the page that stays says so')
          .max(500, 'The reason is longer than 500 characters'),
      }),
    )
    .mutation(async ({ ctx, input }) => await unpublishArticle(ctx.db, ctx.user, input, ctx.origin)),
});
