import 'server-only';
// Finds the article in a fetched web page: the story's HTML without the site's
// menus and ads (Mozilla Readability, as in Firefox's reader view) and the
// metadata a fact-check cites: canonical address, byline, publication date.
// The HTML that comes out is still untrusted; `importArticle` sanitizes it.
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { MAX_ARTICLE_BYTES, MAX_URL_LENGTH } from '@/server/domain/limits';
import { HTML_TOO_DEEP, htmlTreeTooDeep } from './depth';
import { ImportError } from './index';

export const EXTRACTED_TOO_LARGE = 'The article on that page is larger than 2 MB of text';

export interface ExtractedArticle {
  title: string;
  html: string;
  byline: string | null;
  /** ISO 8601 when the page's date could be read; a bare date stays a date. */
  publishedAt: string | null;
  canonicalUrl: string | null;
  siteName: string | null;
}

export function extractArticle(html: string, url: string): ExtractedArticle {
  // Before jsdom builds the tree: deep nesting overflows its stack. Counted on the tree parse5 (jsdom's own parser)
  // builds, stopping at the limit, so `<div/>` ×5,000 (the slash closes nothing) is refused in milliseconds.
  if (htmlTreeTooDeep(html)) throw new ImportError(HTML_TOO_DEEP);
  // jsdom runs no scripts and loads no subresources unless told to
  // (`runScripts`, `resources`): the page is only parsed, never executed.
  // A silent console keeps the page's CSS errors out of the server log.
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    const { document } = dom.window;
    // Readability rewrites the document it reads, so metadata comes first.
    const pageTitle = clean(document.title);
    const headline = clean(document.querySelectorAll('h1').length === 1 ? document.querySelector('h1')?.textContent : null);
    const canonicalUrl = canonicalOf(document);
    const publishedAt = publishedOf(document);
    const author = clean(metaContent(document, 'meta[name="author" i]'));
    const siteName = clean(metaContent(document, 'meta[property="og:site_name" i]'));
    const article = new Readability(document).parse();
    if (!article?.content || !article.textContent?.trim()) {
      throw new ImportError('No article text could be found on that page');
    }
    // The same limit as a pasted article: the extracted HTML is what gets imported.
    if (Buffer.byteLength(article.content, 'utf8') > MAX_ARTICLE_BYTES) throw new ImportError(EXTRACTED_TOO_LARGE);
    return {
      title: withoutSiteName(clean(article.title) ?? pageTitle ?? '', headline),
      html: article.content,
      byline: clean(article.byline) ?? author,
      publishedAt: publishedAt ?? normaliseDate(article.publishedTime),
      canonicalUrl,
      siteName: clean(article.siteName) ?? siteName,
    };
  } finally {
    dom.window.close();
  }
}

/**
 * Readability keeps "Headline | Site" when the headline is short, to be safe;
 * when the page's only `<h1>` is exactly the part before the separator, that
 * part is the headline.
 */
function withoutSiteName(title: string, headline: string | null): string {
  if (!headline || !title.startsWith(headline)) return title;
  return /^\s+[|\-–—:»·]\s/.test(title.slice(headline.length)) ? headline : title;
}

function clean(text: string | null | undefined): string | null {
  return text?.replace(/\s+/g, ' ').trim() || null;
}

function metaContent(document: Document, selector: string): string | null {
  return document.querySelector(selector)?.getAttribute('content') ?? null;
}

/** `<link rel=canonical>`, resolved as the browser would (against `<base>` if any); http and https only. */
function canonicalOf(document: Document): string | null {
  const href = document.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href')?.trim();
  if (!href) return null;
  try {
    const url = new URL(href, document.baseURI);
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    return web && url.href.length <= MAX_URL_LENGTH ? url.href : null;
  } catch {
    return null;
  }
}

// Structured metadata before `<time>`: a page's first `<time>` is as likely a
// comment's or an "updated" stamp as the publication date.
function publishedOf(document: Document): string | null {
  const raw =
    metaContent(document, 'meta[property="article:published_time" i], meta[name="article:published_time" i]') ??
    metaContent(document, 'meta[itemprop="datePublished"]') ??
    jsonLdDatePublished(document) ??
    document
      .querySelector('time[itemprop~="datePublished"][datetime], time[pubdate][datetime], time[datetime]')
      ?.getAttribute('datetime') ??
    null;
  return normaliseDate(raw);
}

function jsonLdDatePublished(document: Document): string | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // broken JSON-LD is common; the other sources may still have the date
    }
    const found = findDatePublished(data, 0);
    if (found) return found;
  }
  return null;
}

/** The first `datePublished` in a JSON-LD value, looking through arrays and `@graph`. */
function findDatePublished(value: unknown, depth: number): string | null {
  if (depth > 4 || typeof value !== 'object' || value === null) return null;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const date: unknown = Reflect.get(item, 'datePublished');
    if (typeof date === 'string' && date.trim()) return date;
    const found = findDatePublished(Reflect.get(item, '@graph'), depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A bare date stays a bare date: turning it into midnight UTC would invent a
 * time and, west of Greenwich, the wrong day. Anything else that parses becomes
 * a UTC timestamp; what does not parse is kept as the page wrote it.
 */
function normaliseDate(raw: string | null | undefined): string | null {
  const value = clean(raw);
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value.slice(0, 100) : new Date(time).toISOString();
}
