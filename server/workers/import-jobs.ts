// The import work the worker pool runs: pure functions of their input, whose
// results cross the thread boundary as plain data (a document as JSON, an error
// as its message for the user).
import type { ImportFormat } from '@/server/domain/article.types';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { storedBodyOf, type StoredBody } from '@/server/domain/plain-text';
import { reanchorAll, type Reanchored, type StoredAnchor } from '@/server/domain/reanchor';
import { ImportError, importArticle } from '@/server/import';
import { importFetchedPage } from '@/server/import/from-url';
import { importBinaryFile } from '@/server/import/binary';

export type ImportJob =
  | { kind: 'text'; input: { text: string; title?: string; format?: ImportFormat; fileName?: string } }
  | { kind: 'page'; html: string; finalUrl: string }
  /** A .docx or .pdf, as the browser sent it (base64). */
  | { kind: 'file'; input: { base64: string; fileName: string; title?: string } };

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

export const TOO_DEEP_FOR_STACK = 'This article is nested too deeply to import';

export async function runImportJob(job: ImportJob): Promise<ImportJobResult> {
  try {
    if (job.kind === 'file') {
      const { title, doc, notes } = await importBinaryFile(job.input);
      return { ok: true, title, body: storedBodyOf(doc), sourceUrl: null, byline: null, publishedAt: null, notes };
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
