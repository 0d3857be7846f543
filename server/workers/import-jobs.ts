// The import work the worker pool runs: pure functions of their input, whose
// results cross the thread boundary as plain data (a document as JSON, an error
// as its message for the user).
import type { ImportFormat } from '@/server/domain/article.types';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { storedBodyOf, type StoredBody } from '@/server/domain/plain-text';
import { reanchorAll, type Reanchored, type StoredAnchor } from '@/server/domain/reanchor';
import { ImportError, importArticle } from '@/server/import';
import { importFetchedPage } from '@/server/import/from-url';
import { importBinaryFile, inspectBinaryFile } from '@/server/import/binary';
import type { ImportedAnnotation } from '@/server/domain/web-annotation';
import { wordCommentAnnotations } from '@/server/domain/word-comment-import';
import type { RenderJob, RenderResult } from './render-jobs';
import { anchorColumns } from '@/server/services/anchor-columns';
import { buildTextIndex } from '@/server/domain/text-position';

export type ImportJob =
  | { kind: 'text'; input: { text: string; title?: string; format?: ImportFormat; fileName?: string } }
  | { kind: 'page'; html: string; finalUrl: string }
  /** A .docx or .pdf, as the browser sent it (base64); `wordComments`: a .docx's comments come back as anchored drafts. */
  | { kind: 'file'; input: { base64: string; fileName: string; title?: string; wordComments?: boolean } };

/** Word comments offered as draft annotations, already placed on the document the same job made. */
export interface CommentDrafts {
  annotations: ImportedAnnotation[];
  /** One per annotation, in the same order. */
  placements: Reanchored[];
  problems: string[];
}

export type ImportJobResult =
  | {
      ok: true;
      title: string;
      /** The document, serialised in the worker (see StoredBody). */
      body: StoredBody;
      sourceUrl: string | null;
      byline: string | null;
      publishedAt: string | null;
      /** What was left out or changed on the way in (Word comments, tracked changes), for the person importing. */
      notes?: string[];
      drafts?: CommentDrafts;
    }
  | { ok: false; message: string };

/** Re-anchoring a revision's annotations: the other CPU-heavy step, off the request thread too. */
export interface ReanchorJob {
  kind: 'reanchor';
  doc: unknown;
  anchors: StoredAnchor[];
  options: { annotationWork?: number; totalMs?: number };
}

export function runReanchorJob(job: ReanchorJob): Reanchored[] {
  // The document's JSON as text (a fresh import's) or as parsed JSON.
  return reanchorAll(job.anchors, articleDocFromJSON(typeof job.doc === 'string' ? JSON.parse(job.doc) : job.doc), job.options);
}

/** Where a re-anchored annotation now sits, as stored (see anchorColumns); null for an orphan. */
export type PlacedColumns = ReturnType<typeof anchorColumns>;

/**
 * A new revision's re-anchoring with everything the transaction writes worked
 * out too (the new quotes with their context, the text positions), so that
 * the thread answering requests never parses or indexes the new document.
 */
export interface RevisionJob {
  kind: 'revision';
  /** The new document's JSON text. */
  doc: string;
  anchors: StoredAnchor[];
  options: ReanchorJob['options'];
}

export interface RevisionPlacement {
  results: Reanchored[];
  /** One per result, in the same order. */
  columns: (PlacedColumns | null)[];
}

export function runRevisionJob(job: RevisionJob): RevisionPlacement {
  const doc = articleDocFromJSON(JSON.parse(job.doc));
  const results = reanchorAll(job.anchors, doc, job.options);
  const index = buildTextIndex(doc);
  const columns = results.map((r) =>
    r.status !== 'orphaned' && r.from !== null && r.to !== null ? anchorColumns(doc, { from: r.from, to: r.to }, index) : null,
  );
  return { results, columns };
}

/** Before importing a file: what it holds that the form offers a choice about. */
export interface InspectJob {
  kind: 'inspect';
  input: { base64: string; fileName: string };
}

export type InspectJobResult = { ok: true; wordComments: number } | { ok: false; message: string };

/** Everything a pool thread runs, and what it answers. */
export type PoolJob = ImportJob | ReanchorJob | RevisionJob | InspectJob | RenderJob;
export type PoolResult = ImportJobResult | InspectJobResult | Reanchored[] | RevisionPlacement | RenderResult;

export async function runInspectJob(job: InspectJob): Promise<InspectJobResult> {
  try {
    return { ok: true, ...(await inspectBinaryFile(job.input)) };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, message: error.message };
    throw error;
  }
}

export const TOO_DEEP_FOR_STACK = 'This article is nested too deeply to import';

export async function runImportJob(job: ImportJob): Promise<ImportJobResult> {
  try {
    if (job.kind === 'file') {
      const { title, doc, notes, wordComments } = await importBinaryFile(job.input);
      let drafts: CommentDrafts | undefined;
      if (wordComments) {
        const parsed = wordCommentAnnotations(wordComments.comments, wordComments.unmarked);
        // Placed by quote and context, as any imported annotation: there are no positions in this text to trust.
        const placements = reanchorAll(
          parsed.annotations.map(({ selectors: s }) => ({ from: -1, to: -1, exact: s.exact, prefix: s.prefix, suffix: s.suffix })),
          doc,
        );
        drafts = { ...parsed, placements };
      }
      return { ok: true, title, body: storedBodyOf(doc), sourceUrl: null, byline: null, publishedAt: null, notes, drafts };
    }
    if (job.kind === 'text') {
      const { title, doc } = importArticle(job.input);
      return { ok: true, title, body: storedBodyOf(doc), sourceUrl: null, byline: null, publishedAt: null };
    }
    const page = importFetchedPage({ html: job.html, finalUrl: job.finalUrl });
    return {
      ok: true,
      title: page.title,
      body: storedBodyOf(page.doc),
      sourceUrl: page.sourceUrl,
      byline: page.byline,
      publishedAt: page.publishedAt,
    };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, message: error.message };
    // What the depth checks did not foresee still gets words, not a stack trace.
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { ok: false, message: TOO_DEEP_FOR_STACK };
    throw error;
  }
}
