// Turns what a reviewer brings (text, a file, an address) into a document,
// with one error type for the router whatever went wrong.
import 'server-only';
import type { Node as PMNode } from 'prosemirror-model';
import type { ImportFormat } from '../domain/article.types';
import { invalidInput } from '../errors';
import { ImportError, importArticle } from '../import';
import { FetchError } from '../import/fetch-url';
import { importFromUrl, type UrlImport } from '../import/from-url';

export interface ImportedArticle {
  title: string;
  doc: PMNode;
  sourceUrl: string | null;
  byline: string | null;
  publishedAt: string | null;
}

export function fromText(input: { text: string; title?: string; format?: ImportFormat; fileName?: string }): ImportedArticle {
  try {
    const { title, doc } = importArticle(input);
    return { title, doc, sourceUrl: null, byline: null, publishedAt: null };
  } catch (error) {
    if (error instanceof ImportError) throw invalidInput(error.message);
    throw error;
  }
}

export async function fromUrl(url: string): Promise<UrlImport> {
  try {
    return await importFromUrl(url);
  } catch (error) {
    if (error instanceof ImportError || error instanceof FetchError) throw invalidInput(error.message);
    throw error;
  }
}
