import { z } from 'zod';
import { articleIdSchema, importArticleInput, importUrlInput, updateArticleInput } from '../domain/article.types';
import { fromText, fromUrl } from '../services/article-sources';
import { createArticleFromImport, createArticleFromUrl, listArticles, loadArticle } from '../services/articles';
import { addRevision, currentRevision, listRevisions } from '../services/revisions';
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
      revision: currentRevision(ctx.db, row.id),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }),
  import: publicProcedure.input(importArticleInput).mutation(({ ctx, input }) => createArticleFromImport(ctx.db, input)),
  importUrl: publicProcedure.input(importUrlInput).mutation(({ ctx, input }) => createArticleFromUrl(ctx.db, input.url)),
  revisions: publicProcedure.input(z.object({ id: articleIdSchema })).query(({ ctx, input }) => listRevisions(ctx.db, input.id)),
  /** A new revision from text, a file or the article's address; every annotation is re-anchored. */
  update: publicProcedure.input(updateArticleInput).mutation(async ({ ctx, input }) => {
    loadArticle(ctx.db, input.articleId);
    const imported = input.url
      ? await fromUrl(input.url)
      : // As on import, the first line (or leading heading) is the title unless one is given.
        fromText({ text: input.text, title: input.title, format: input.format, fileName: input.fileName });
    return addRevision(ctx.db, input.articleId, imported);
  }),
});
