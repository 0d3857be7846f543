// Turns what a reviewer brings (text, a file, an address) into a document,
// with one error type for the router whatever went wrong. The parsing runs in
// the import worker pool (server/workers/import-pool.ts).
import 'server-only';
import type { Node as PMNode } from 'prosemirror-model';
import { articleDocFromJSON } from '../domain/article-schema';
import type { ImportFormat } from '../domain/article.types';
import type { StoredBody } from '../domain/plain-text';
import { invalidInput } from '../errors';
import { FetchError, fetchPage } from '../import/fetch-url';
import type { CommentDrafts, ImportJobResult } from '../workers/import-jobs';
import { inspectFile, runImport } from '../workers/import-pool';

export interface ImportedArticle {
  title: string;
  /** Serialised in the worker: a new article is written without building its document here. */
  body: StoredBody;
  sourceUrl: string | null;
  byline: string | null;
  publishedAt: string | null;
}

/** `owner` is the person importing: the pool takes people's imports in turn. */
export async function fromText(
  input: {
    text: string;
    title?: string;
    format?: ImportFormat;
    fileName?: string;
  },
  owner?: string,
): Promise<ImportedArticle> {
  const { text, title: givenTitle, format, fileName } = input;
  const { title, body } = imported(await runImport({ kind: 'text', input: { text, title: givenTitle, format, fileName } }, { owner }));
  return { title, body, sourceUrl: null, byline: null, publishedAt: null };
}

/**
 * A .docx or .pdf as the browser sent it; `notes` say what was left out (comments, tracked changes, scanned pages).
 * With `wordComments`, a .docx's comments come back as drafts placed on `doc`.
 */
export async function fromFile(
  input: { base64: string; fileName: string; title?: string; wordComments?: boolean },
  owner?: string,
): Promise<ImportedArticle & { notes: string[]; drafts: CommentDrafts | null }> {
  const { base64, fileName, title: givenTitle, wordComments } = input;
  const result = await runImport({ kind: 'file', input: { base64, fileName, title: givenTitle, wordComments } }, { owner });
  const { title, body } = imported(result);
  return {
    title,
    body,
    sourceUrl: null,
    byline: null,
    publishedAt: null,
    notes: (result.ok && result.notes) || [],
    drafts: (result.ok && result.drafts) || null,
  };
}

/** How many Word comments a .docx holds that could come in as drafts (checked and counted in the pool). */
export async function wordCommentCount(input: { base64: string; fileName: string }, owner?: string): Promise<number> {
  const result = await inspectFile(input, { owner });
  if (!result.ok) throw invalidInput(result.message);
  return result.wordComments;
}

export async function fromUrl(url: string, owner?: string): Promise<ImportedArticle & { sourceUrl: string }> {
  let page: Awaited<ReturnType<typeof fetchPage>>;
  try {
    page = await fetchPage(url);
  } catch (error) {
    if (error instanceof FetchError) throw invalidInput(error.message);
    throw error;
  }
  const result = imported(await runImport({ kind: 'page', html: page.html, finalUrl: page.finalUrl }, { owner }));
  return { ...result, sourceUrl: result.sourceUrl ?? page.finalUrl };
}

/** The document itself, for what needs more than its text (re-anchoring a revision): parsed and checked here. */
export function documentOf(body: StoredBody): PMNode {
  return articleDocFromJSON(JSON.parse(body.json));
}

function imported(result: ImportJobResult): ImportedArticle {
  if (!result.ok) throw invalidInput(result.message);
  return {
    title: result.title,
    body: result.body,
    sourceUrl: result.sourceUrl,
    byline: result.byline,
    publishedAt: result.publishedAt,
  };
}
