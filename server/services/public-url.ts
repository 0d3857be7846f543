import 'server-only';

/** FACTCHECK_PUBLIC_URL as a URL, when it is a valid http(s) address. */
export function configuredPublicUrl(configured = process.env.FACTCHECK_PUBLIC_URL): URL | null {
  if (!configured) return null;
  try {
    const url = new URL(configured);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    // A malformed setting falls back to the request's origin rather than breaking exports.
    return null;
  }
}

const HOST = /^[A-Za-z0-9.:[\]-]+$/;

/**
 * The origin the browser addressed: the proxy's forwarded host and scheme when
 * present, else the Host header. Next.js reports its own listening name in
 * request.url (often "localhost"), which is what is left when neither is usable.
 * proxy.ts has already refused host names the app does not answer to.
 */
export function requestOrigin(headers: Headers, requestUrl: string): string {
  const url = new URL(requestUrl);
  const host = headers.get('x-forwarded-host')?.split(',')[0].trim() || headers.get('host');
  const proto = headers.get('x-forwarded-proto')?.split(',')[0].trim() || url.protocol.replace(':', '');
  return host && HOST.test(host) && (proto === 'http' || proto === 'https') ? `${proto}://${host}` : url.origin;
}

/**
 * The app's public origin for links that leave it (ClaimReview URLs, JSON-LD
 * ids, invite links). FACTCHECK_PUBLIC_URL wins, because behind a proxy the
 * request's own origin is an internal address; otherwise the origin the
 * browser addressed, which is what a colleague can open.
 */
export function publicOriginOf(headers: Headers, requestUrl: string, configured = process.env.FACTCHECK_PUBLIC_URL): string {
  return configuredPublicUrl(configured)?.origin ?? requestOrigin(headers, requestUrl);
}

/**
 * Where readers reach public pages and feeds: FACTCHECK_PUBLIC_URL, else the
 * public address saved in Settings, else `fallback` (the request's origin).
 * No trailing slash; a saved address may carry a path (a desk behind /checks).
 */
export function publicBaseUrl(saved: string | null, fallback: string, configured = process.env.FACTCHECK_PUBLIC_URL): string {
  const env = configuredPublicUrl(configured);
  if (env) return env.origin;
  const url = saved ? configuredPublicUrl(saved) : null;
  if (url) return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return fallback.replace(/\/+$/, '');
}
