import 'server-only';
// Import by address: fetch the page, find the article in it, then run it
// through the same sanitizing HTML import as a pasted page. Errors stay typed:
// `FetchError` (the page could not be fetched) and `ImportError` (nothing to
// import), both with messages for the user.
import type { Node as PMNode } from 'prosemirror-model';
import { extractArticle } from './extract-article';
import { fetchPage, type FetchedPage, type FetchOptions } from './fetch-url';
import { importArticle } from './index';

export interface UrlImport {
  title: string;
  doc: PMNode;
  /** The page's canonical address when it names one, else the address it was read from. */
  sourceUrl: string;
  byline: string | null;
  publishedAt: string | null;
}

export async function importFromUrl(url: string, options?: FetchOptions): Promise<UrlImport> {
  return importFetchedPage(await fetchPage(url, options));
}

/** The CPU-heavy half (jsdom, Readability, the HTML import): run in the import worker pool. */
export function importFetchedPage(page: Pick<FetchedPage, 'html' | 'finalUrl'>): UrlImport {
  const article = extractArticle(page.html, page.finalUrl);
  const { title, doc } = importArticle({ text: article.html, title: article.title, format: 'html' });
  return {
    title,
    doc,
    sourceUrl: article.canonicalUrl ?? page.finalUrl,
    byline: article.byline,
    publishedAt: article.publishedAt,
  };
}
