// Gathers an article, its annotations and the organisation for the export.
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { articles } from '@/db/schema';
import { isHttpUrl } from '../domain/validators';
import type { ExportAnnotation, ExportJson, ExportVerdict } from '../export/model';
import { exportOffThread } from '../workers/import-pool';
import type { ExportData } from '../workers/render-jobs';
import { listAnnotations } from './annotations';
import { missing } from './articles';
import { getOrganisation } from './settings';
import { listVerdicts } from './verdicts';
import { jsonText } from '@/db/json-sql';

export interface ExportOptions {
  includeDrafts: boolean;
  /** The export's own absolute URL (without query or fragment). */
  exportUrl: string;
  /**
   * What ClaimReview `url`s point at: the export itself (`export`, the default),
   * or the article's source URL (`source`), for organisations that publish the
   * check on the article's own page. Set with FACTCHECK_CLAIMREVIEW_URL.
   */
  claimReviewUrl?: 'export' | 'source';
  exportedAt?: Date;
}

export function claimReviewUrlSetting(value = process.env.FACTCHECK_CLAIMREVIEW_URL): 'export' | 'source' {
  return value === 'source' ? 'source' : 'export';
}

/** The live article's details, and its document as the JSON text stored (never parsed on this thread). */
async function exportedArticle(db: DbOrTx, articleId: number) {
  const row = await db
    .select({
      title: articles.title,
      sourceUrl: articles.sourceUrl,
      byline: articles.byline,
      publishedAt: articles.publishedAt,
      plainText: articles.plainText,
      docJson: jsonText(articles.body),
    })
    .from(articles)
    .where(and(eq(articles.id, articleId), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(articleId);
  return row;
}

/**
 * Everything an export is made from, read here and rendered in the worker
 * pool (server/workers/render-jobs.ts): the annotations, the verdict scale,
 * the organisation, and the document as stored. `plainText` for the
 * publication snapshot.
 */
export async function articleExportData(
  db: DbOrTx,
  articleId: number,
  options: ExportOptions,
): Promise<{ data: ExportData; plainText: string }> {
  const row = await exportedArticle(db, articleId);
  const scale: ExportVerdict[] = await listVerdicts(db);
  const verdicts = new Map(scale.map((v) => [v.key, v]));
  const annotations: ExportAnnotation[] = (await listAnnotations(db, articleId))
    // Orphans are not on this revision's text: they are never published, not even as drafts.
    .filter((a) => a.anchorStatus !== 'orphaned')
    .map((a) => ({
      id: a.id,
      from: a.from,
      to: a.to,
      exact: a.exact,
      verdict: verdicts.get(a.verdict) ?? {
        key: a.verdict,
        label: a.verdict,
        colour: '#6b6b6b',
        icon: '',
        rating: null,
        position: Number.MAX_SAFE_INTEGER,
      },
      rationale: a.rationale,
      authorName: a.author,
      editedBy: a.updatedBy,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      evidence: a.evidence,
      status: a.status,
      claimSummary: a.claimSummary,
      claimAuthor: a.claimAuthor,
      claimAppearanceUrl: a.claimAppearanceUrl,
      claimAppearanceDate: a.claimAppearanceDate,
    }));
  const organisation = await getOrganisation(db);
  const useSource = (options.claimReviewUrl ?? 'export') === 'source' && row.sourceUrl !== null && isHttpUrl(row.sourceUrl);
  const data: ExportData = {
    article: { title: row.title, sourceUrl: row.sourceUrl, byline: row.byline, publishedAt: row.publishedAt },
    docJson: row.docJson,
    annotations,
    verdicts: scale,
    // No invented publisher: without a name the page and the ClaimReview say nothing (and the editor page says it blocks publishing).
    organisation,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    includeDrafts: options.includeDrafts,
    reviewUrlBase: useSource ? row.sourceUrl! : options.exportUrl,
  };
  return { data, plainText: row.plainText };
}

export async function exportArticleHtml(db: Db, articleId: number, options: ExportOptions): Promise<{ title: string; html: string }> {
  const { data } = await articleExportData(db, articleId, options);
  return { title: data.article.title, html: await exportOffThread({ data, output: 'html' }) };
}

export async function exportArticleJson(db: Db, articleId: number, options: ExportOptions): Promise<ExportJson> {
  const { data } = await articleExportData(db, articleId, options);
  return await exportOffThread({ data, output: 'json' });
}

/** A file name that every browser and file system accepts; the full title goes in filename*. */
export function exportFileName(title: string, extension = 'html'): { ascii: string; utf8: string } {
  const base =
    title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .toLowerCase()
      .slice(0, 60) || 'article';
  const utf8 = `${
    title
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '')
      .trim()
      .slice(0, 100) || 'article'
  } (fact-check).${extension}`;
  return { ascii: `${base}-fact-check.${extension}`, utf8 };
}
