// The doors readers use without signing in: public pages and feeds. No session
// is read; what they serve was published on purpose.
import 'server-only';
import { getDb } from '../database';
import { reportServerError, serverErrorMessage } from '../errors';
import { feedEntries, publicPage } from '../services/publishing';
import { siteBase } from '../services/publishing-urls';
import { publicOriginOf } from '../services/public-url';
import { escapeHtml } from '../export/escape';

/** The public page's policy: like the export's, it runs no script and loads nothing. */
export const PUBLIC_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function text(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}

export async function publicPageResponse(request: Request, slug: string, version: string | null): Promise<Response> {
  if (!SLUG.test(slug) || slug.length > 80 || (version !== null && !/^[1-9]\d{0,5}$/.test(version))) return text(404, 'Not found');
  try {
    const page = await publicPage(
      await getDb(),
      slug,
      version === null ? null : Number(version),
      publicOriginOf(request.headers, request.url),
    );
    if (!page) return text(404, 'Not found');
    return new Response(page.html, {
      status: page.status,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': PUBLIC_PAGE_CSP,
        'X-Content-Type-Options': 'nosniff',
        // Stored, but asked again every time: a correction or an unpublication shows at once.
        'Cache-Control': 'no-cache',
      },
    });
  } catch (error) {
    return text(500, serverErrorMessage(reportServerError(`GET /p/${slug}`, error)));
  }
}

async function feedData(request: Request) {
  const db = await getDb();
  const origin = publicOriginOf(request.headers, request.url);
  return { base: await siteBase(db, origin), entries: await feedEntries(db, origin) };
}

/** schema.org DataFeed of every published ClaimReview (Google's fact-check feed format). */
export async function jsonFeedResponse(request: Request): Promise<Response> {
  try {
    const { base, entries } = await feedData(request);
    const feed = {
      '@context': 'https://schema.org',
      '@type': 'DataFeed',
      url: `${base}/feed.json`,
      dateModified: entries[0]?.updatedAt ?? new Date(0).toISOString(),
      dataFeedElement: entries.map((e) => ({
        '@type': 'DataFeedItem',
        url: e.url,
        name: e.headline,
        dateCreated: e.firstPublishedAt,
        dateModified: e.updatedAt,
        item: e.claimReviews,
      })),
    };
    return new Response(JSON.stringify(feed, null, 2), {
      headers: {
        'Content-Type': 'application/ld+json; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  } catch (error) {
    return text(500, serverErrorMessage(reportServerError('GET /feed.json', error)));
  }
}

/** Atom feed of published checks, newest first. */
export async function atomFeedResponse(request: Request): Promise<Response> {
  try {
    const { base, entries } = await feedData(request);
    const x = escapeHtml;
    const body =
      '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">' +
      `<title>Fact-checks</title><id>${x(`${base}/feed.atom`)}</id>` +
      `<link rel="self" href="${x(`${base}/feed.atom`)}"/>` +
      `<updated>${x(entries[0]?.updatedAt ?? new Date(0).toISOString())}</updated>` +
      entries
        .map(
          (e) =>
            `<entry><title>${x(e.headline)}</title><id>${x(e.url)}</id><link rel="alternate" type="text/html" href="${x(e.url)}"/>` +
            `<published>${x(e.firstPublishedAt)}</published><updated>${x(e.updatedAt)}</updated>` +
            `<author><name>${x(e.claimReviews[0]?.author?.name ?? 'Fact-check desk')}</name></author>` +
            (e.conclusion.trim() ? `<summary>${x(e.conclusion)}</summary>` : '') +
            '</entry>',
        )
        .join('') +
      '</feed>';
    return new Response(body, {
      headers: {
        'Content-Type': 'application/atom+xml; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  } catch (error) {
    return text(500, serverErrorMessage(reportServerError('GET /feed.atom', error)));
  }
}
