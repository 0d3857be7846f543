import 'server-only';

/**
 * The app's public origin for links that leave it (ClaimReview URLs, JSON-LD
 * ids). FACTCHECK_PUBLIC_URL wins, because behind a proxy the request's own
 * origin is an internal address; otherwise the request's origin is used.
 */
export function publicOriginFromUrl(requestUrl: string, configured = process.env.FACTCHECK_PUBLIC_URL): string {
  if (configured) {
    try {
      const url = new URL(configured);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // A malformed setting falls back to the request's origin rather than breaking exports.
    }
  }
  return new URL(requestUrl).origin;
}

export function publicOrigin(request: Request, configured = process.env.FACTCHECK_PUBLIC_URL): string {
  return publicOriginFromUrl(request.url, configured);
}
