// Gathers an article, its annotations and the organisation for the export.
import 'server-only';
import type { Db, DbOrTx } from '@/db/client';
import { isHttpUrl } from '../domain/validators';
import { renderExportModel } from '../export/html';
import { buildExportModel, exportModelToJson, type ExportAnnotation, type ExportModel, type ExportVerdict } from '../export/model';
import { listAnnotations } from './annotations';
import { loadArticle } from './articles';
import { getOrganisation } from './settings';
import { listVerdicts } from './verdicts';

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

export async function buildArticleExport(db: DbOrTx, articleId: number, options: ExportOptions): Promise<ExportModel> {
  const { row, doc } = await loadArticle(db, articleId);
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
  return buildExportModel({
    article: { title: row.title, sourceUrl: row.sourceUrl, byline: row.byline, publishedAt: row.publishedAt },
    doc,
    annotations,
    verdicts: scale,
    // No invented publisher: without a name the page and the ClaimReview say nothing (and the editor page says it blocks publishing).
    organisation,
    exportedAt: options.exportedAt ?? new Date(),
    includeDrafts: options.includeDrafts,
    reviewUrlBase: useSource ? row.sourceUrl! : options.exportUrl,
  });
}

export async function exportArticleHtml(db: Db, articleId: number, options: ExportOptions): Promise<{ title: string; html: string }> {
  const model = await buildArticleExport(db, articleId, options);
  return { title: model.article.title, html: renderExportModel(model) };
}

export async function exportArticleJson(db: Db, articleId: number, options: ExportOptions) {
  return exportModelToJson(await buildArticleExport(db, articleId, options));
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
