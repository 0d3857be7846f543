import 'server-only';

/**
 * The app's public origin for links that leave it (ClaimReview URLs, JSON-LD
 * ids, invite links). FACTCHECK_PUBLIC_URL wins, because behind a proxy the
 * request's own origin is an internal address; otherwise the origin the
 * browser addressed (its Host header), which is what a colleague can open.
 */
export function publicOriginOf(headers: Headers, requestUrl: string, configured = process.env.FACTCHECK_PUBLIC_URL): string {
  if (configured) {
    try {
      const url = new URL(configured);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // A malformed setting falls back to the request's origin rather than breaking exports.
    }
  }
  const url = new URL(requestUrl);
  const host = headers.get('host');
  // Next.js reports its own listening name in request.url (often "localhost"); the Host header is what the browser used.
  return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `${url.protocol}//${host}` : url.origin;
}
