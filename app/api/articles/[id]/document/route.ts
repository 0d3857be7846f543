import { AppError } from '@/server/errors';
import { answer, articleRoute } from '@/server/http/article-route';
import { documentGate, streamText } from '@/server/http/heavy-gate';
import { CROSS_SITE_REFUSAL, isCrossSiteRead } from '@/server/http/same-origin';

export const dynamic = 'force-dynamic';

// Only this person's browser keeps it, and asks again each time (a 304 while the revision is the same).
const CACHE_CONTROL = 'no-cache, private';
const etagOf = (revision: number) => `W/"r${revision}"`;

/** The revision an If-None-Match names, if it names exactly one of ours. */
function knownRevision(ifNoneMatch: string | null): number | undefined {
  const match = /^\s*(?:W\/)?"r(\d{1,9})"\s*$/.exec(ifNoneMatch ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The editor's document, sent once and apart from the page: the stored JSON
 * text, streamed in slices, behind the gate that caps how many long articles
 * are on their way at once (beyond it: 503 with a sentence and Retry-After).
 */
const document = articleRoute(async ({ caller, articleId, request }) => {
  let release: () => void;
  try {
    release = await documentGate().acquire();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const busy = answer('json', 503, error.message);
    busy.headers.set('Retry-After', '5');
    return busy;
  }
  try {
    const { revision, json } = await caller.article.document({
      id: articleId,
      unless: knownRevision(request.headers.get('if-none-match')),
    });
    const headers = { ETag: etagOf(revision), 'Cache-Control': CACHE_CONTROL };
    if (json === null) {
      release();
      return new Response(null, { status: 304, headers });
    }
    return new Response(streamText(json, release), {
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    });
  } catch (error) {
    release();
    throw error;
  }
}, 'json');

/** As tRPC queries are: another site's page cannot make a signed-in browser read it (the app's fetch sends x-factcheck-client: 1). */
export const GET: typeof document = (request, context) =>
  isCrossSiteRead(request) ? Promise.resolve(answer('json', 403, CROSS_SITE_REFUSAL)) : document(request, context);
