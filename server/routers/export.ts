// The published outputs, read through the same door as everything else; the
// route handlers under app/ only turn these into HTTP responses.
import { z } from 'zod';
import { articleIdSchema } from '../domain/article.types';
import { claimReviewUrlSetting, exportArticleHtml, exportArticleJson, exportFileName } from '../services/export';
import { exportWebAnnotations } from '../services/web-annotations';
import { reviewBaseFor } from '../services/publishing-urls';
import { router, signedInProcedure } from '../trpc';

const exportInput = z.object({ articleId: articleIdSchema, includeDrafts: z.boolean().default(false) });

export const exportRouter = router({
  html: signedInProcedure.input(exportInput).query(async ({ ctx, input }) => {
    const { title, html } = await exportArticleHtml(ctx.db, input.articleId, {
      includeDrafts: input.includeDrafts,
      // Once published, ClaimReviews point at the public page (or the desk's own), not at this download.
      exportUrl: (await reviewBaseFor(ctx.db, input.articleId, ctx.origin)) ?? `${ctx.origin}/articles/${input.articleId}/export`,
      claimReviewUrl: claimReviewUrlSetting(),
    });
    return { html, fileName: exportFileName(title) };
  }),
  json: signedInProcedure.input(exportInput).query(
    async ({ ctx, input }) =>
      await exportArticleJson(ctx.db, input.articleId, {
        includeDrafts: input.includeDrafts,
        // Once published, ClaimReviews point at the public page (or the desk's own), not at this download.
        exportUrl: (await reviewBaseFor(ctx.db, input.articleId, ctx.origin)) ?? `${ctx.origin}/articles/${input.articleId}/export`,
        claimReviewUrl: claimReviewUrlSetting(),
      }),
  ),
  webAnnotations: signedInProcedure
    .input(z.object({ articleId: articleIdSchema }))
    .query(async ({ ctx, input }) => await exportWebAnnotations(ctx.db, input.articleId, ctx.origin)),
});
