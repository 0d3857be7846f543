import { z } from 'zod';
import { articleIdSchema, importArticleInput } from '../domain/article.types';
import { createArticleFromImport, listArticles, loadArticle } from '../services/articles';
import { publicProcedure, router } from '../trpc';

export const articleRouter = router({
  list: publicProcedure.query(({ ctx }) => listArticles(ctx.db)),
  byId: publicProcedure.input(z.object({ id: articleIdSchema })).query(({ ctx, input }) => {
    const { row } = loadArticle(ctx.db, input.id);
    return {
      id: row.id,
      title: row.title,
      sourceUrl: row.sourceUrl,
      byline: row.byline,
      publishedAt: row.publishedAt,
      body: row.body,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }),
  import: publicProcedure.input(importArticleInput).mutation(({ ctx, input }) => createArticleFromImport(ctx.db, input)),
});
