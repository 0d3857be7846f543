import { z } from 'zod';
import {
  articleIdSchema,
  articleRefInput,
  importArticleInput,
  importFileInput,
  importUrlInput,
  inspectFileInput,
  updateArticleFromFileInput,
  updateArticleDetailsInput,
  updateArticleInput,
} from '../domain/article.types';
import { fromFile, fromText, fromUrl, wordCommentCount } from '../services/article-sources';
import {
  createArticleFromFile,
  createArticleFromImport,
  createArticleFromUrl,
  deleteArticle,
  listArticles,
  listDeletedArticles,
  articleTitle,
  articleDetailsRow,
  getArticleRow,
  requireLiveArticle,
  restoreArticle,
  updateArticleDetails,
} from '../services/articles';
import { addRevisionOffThread, currentRevision, getRevision, listRevisions, revisionPage } from '../services/revisions';
import { listVerdicts } from '../services/verdicts';
import { getOrganisation } from '../services/settings';
import { articleHistory } from '../services/history';
import { publicationReadiness } from '../services/readiness';
import { roleProcedure, router, signedInProcedure } from '../trpc';
import { annotationDetails, annotationIndex } from '../services/annotation-sync';
import type { Db } from '@/db/client';
import { revisionNumberSchema } from '../domain/annotation.types';
import { storedDocument } from '../services/article-document';

/** How many rows of the list come with their full versions in the page itself (a short article needs no second request). */
const DETAILS_IN_PAGE = 40;

/** The compact index of every annotation, and the full versions of the list's first rows. */
async function pageAnnotations(db: Db, articleId: number) {
  const index = await annotationIndex(db, articleId);
  const first = index.rows.slice(0, DETAILS_IN_PAGE).map(([id]) => id);
  return { index, details: first.length ? await annotationDetails(db, articleId, first) : [] };
}

export const articleRouter = router({
  list: signedInProcedure.query(async ({ ctx }) => await listArticles(ctx.db)),
  byId: signedInProcedure.input(z.object({ id: articleIdSchema })).query(async ({ ctx, input }) => {
    const row = await getArticleRow(ctx.db, input.id);
    return {
      id: row.id,
      title: row.title,
      sourceUrl: row.sourceUrl,
      byline: row.byline,
      publishedAt: row.publishedAt,
      body: row.body,
      revision: await currentRevision(ctx.db, row.id),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }),
  /**
   * Everything the editor page shows but the document itself, in one read:
   * the page loads that apart, once (`document`, through
   * /api/articles/<id>/document), so it is never carried twice.
   */
  page: signedInProcedure.input(z.object({ id: articleIdSchema })).query(async ({ ctx, input }) => {
    const row = await articleDetailsRow(ctx.db, input.id);
    return {
      article: {
        id: row.id,
        title: row.title,
        sourceUrl: row.sourceUrl,
        byline: row.byline,
        publishedAt: row.publishedAt,
        revision: await currentRevision(ctx.db, row.id),
      },
      revisions: await listRevisions(ctx.db, row.id),
      ...(await pageAnnotations(ctx.db, row.id)),
      verdicts: await listVerdicts(ctx.db),
      workflow: { allowSelfApproval: (await getOrganisation(ctx.db)).allowSelfApproval },
    };
  }),
  /** The current document's JSON text as stored (null when `unless` names the current revision). */
  document: signedInProcedure
    .input(z.object({ id: articleIdSchema, unless: revisionNumberSchema.optional() }))
    .query(async ({ ctx, input }) => await storedDocument(ctx.db, input.id, input.unless)),
  /** The article's own events and its annotations', newest first. */
  history: signedInProcedure
    .input(z.object({ id: articleIdSchema }))
    .query(async ({ ctx, input }) => await articleHistory(ctx.db, input.id)),
  /** What stands between this article and publication. */
  readiness: signedInProcedure
    .input(z.object({ id: articleIdSchema }))
    .query(async ({ ctx, input }) => await publicationReadiness(ctx.db, input.id, ctx.origin)),
  /** Only the title, for the page's <title>. */
  title: signedInProcedure.input(z.object({ id: articleIdSchema })).query(async ({ ctx, input }) => await articleTitle(ctx.db, input.id)),
  /** An earlier text of the article, read-only. */
  revision: signedInProcedure
    .input(z.object({ id: articleIdSchema, number: z.number().int().positive().max(999_999_999) }))
    .query(async ({ ctx, input }) => {
      const revision = await getRevision(ctx.db, input.id, input.number);
      return {
        number: revision.number,
        title: revision.title,
        createdAt: revision.createdAt,
        body: revision.doc.toJSON(),
        latest: await currentRevision(ctx.db, input.id),
      };
    }),
  /** An earlier text as the revision page shows it (HTML rendered off the request thread). */
  revisionPage: signedInProcedure
    .input(z.object({ id: articleIdSchema, number: z.number().int().positive().max(999_999_999) }))
    .query(async ({ ctx, input }) => await revisionPage(ctx.db, input.id, input.number)),
  import: roleProcedure('reviewer')
    .input(importArticleInput)
    .mutation(async ({ ctx, input }) => await createArticleFromImport(ctx.db, ctx.user, input)),
  /** A Word draft (.docx) or PDF report (.pdf), sent as base64 and read in the import worker pool. */
  importFile: roleProcedure('reviewer')
    .input(importFileInput)
    .mutation(async ({ ctx, input }) => await createArticleFromFile(ctx.db, ctx.user, input)),
  /** Before importing a file: how many Word comments it holds, so the form can offer them as drafts. A mutation: the file is the input. */
  inspectFile: roleProcedure('reviewer')
    .input(inspectFileInput)
    .mutation(async ({ ctx, input }) => ({ wordComments: await wordCommentCount(input, ctx.user.id) })),
  importUrl: roleProcedure('reviewer')
    .input(importUrlInput)
    .mutation(async ({ ctx, input }) => await createArticleFromUrl(ctx.db, ctx.user, input.url)),
  revisions: signedInProcedure
    .input(z.object({ id: articleIdSchema }))
    .query(async ({ ctx, input }) => await listRevisions(ctx.db, input.id)),
  /** A new revision from text, a file or the article's address; every annotation is re-anchored. */
  update: roleProcedure('reviewer')
    .input(updateArticleInput)
    .mutation(async ({ ctx, input }) => {
      await requireLiveArticle(ctx.db, input.articleId);
      const imported = input.url
        ? await fromUrl(input.url, ctx.user.id)
        : // As on import, the first line (or leading heading) is the title unless one is given.
          await fromText({ text: input.text, title: input.title, format: input.format, fileName: input.fileName }, ctx.user.id);
      return await addRevisionOffThread(ctx.db, ctx.user, input.articleId, imported);
    }),
  /** A .docx or .pdf as a new revision, read as on import; every annotation is re-anchored. `notes` say what was left out. */
  updateFromFile: roleProcedure('reviewer')
    .input(updateArticleFromFileInput)
    .mutation(async ({ ctx, input }) => {
      await requireLiveArticle(ctx.db, input.articleId);
      const { notes, drafts: _none, ...imported } = await fromFile(input, ctx.user.id);
      return { ...(await addRevisionOffThread(ctx.db, ctx.user, input.articleId, imported)), notes };
    }),
  /** Title, source URL, byline and publication date, as set on import. */
  updateDetails: roleProcedure('reviewer')
    .input(updateArticleDetailsInput)
    .mutation(async ({ ctx, input }) => await updateArticleDetails(ctx.db, ctx.user, input)),

  // Deleting takes an article and its annotations out of every read until an editor restores it.
  delete: roleProcedure('editor')
    .input(articleRefInput)
    .mutation(async ({ ctx, input }) => await deleteArticle(ctx.db, ctx.user, input.id)),
  restore: roleProcedure('editor')
    .input(articleRefInput)
    .mutation(async ({ ctx, input }) => await restoreArticle(ctx.db, ctx.user, input.id)),
  /** What an editor could bring back, most recently deleted first. */
  deletedList: roleProcedure('editor').query(async ({ ctx }) => await listDeletedArticles(ctx.db)),
});
