// Gathers an article and its annotations for the HTML export.
import 'server-only';
import type { Db } from '@/db/client';
import { renderArticleExport, type ExportAnnotation } from '../export/html';
import { listAnnotations } from './annotations';
import { loadArticle } from './articles';
import { listVerdicts } from './verdicts';

export function exportArticleHtml(db: Db, articleId: number, exportedAt = new Date()): { title: string; html: string } {
  const { row, doc } = loadArticle(db, articleId);
  const verdicts = new Map(listVerdicts(db).map((v) => [v.key, v]));
  const annotations: ExportAnnotation[] = listAnnotations(db, articleId).map((a) => ({
    id: a.id,
    from: a.from,
    to: a.to,
    exact: a.exact,
    verdict: verdicts.get(a.verdict) ?? { key: a.verdict, label: a.verdict, colour: '#6b6b6b', icon: '' },
    rationale: a.rationale,
    authorName: a.author,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    evidence: a.evidence,
  }));
  const html = renderArticleExport({
    article: { title: row.title, sourceUrl: row.sourceUrl, byline: row.byline, publishedAt: row.publishedAt },
    doc,
    annotations,
    exportedAt,
  });
  return { title: row.title, html };
}

/** A file name that every browser and file system accepts; the full title goes in filename*. */
export function exportFileName(title: string): { ascii: string; utf8: string } {
  const base = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 60) || 'article';
  const utf8 = `${title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').trim().slice(0, 100) || 'article'} (fact-check).html`;
  return { ascii: `${base}-fact-check.html`, utf8 };
}
