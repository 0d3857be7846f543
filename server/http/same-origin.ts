// Cookies make every signed-in browser a way in: a page on another site could
// post to a running instance with the reviewer's session (cross-site request
// forgery). SameSite=Lax cookies stop most of it; this refuses the rest:
// a write whose Origin is another site, or that the browser marks cross-site.
export const CROSS_SITE_REFUSAL = 'Refused: this request came from another site';

/** The hosts a write may come from: the one the request was sent to, and the public address behind a proxy. */
function allowedHosts(request: Request, configured: string | undefined): string[] {
  const hosts = [request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host];
  if (configured) {
    try {
      hosts.push(new URL(configured).host);
    } catch {
      // A malformed setting adds nothing.
    }
  }
  return hosts;
}

export function isCrossSiteWrite(request: Request, configured = process.env.FACTCHECK_PUBLIC_URL): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  // Browsers say where a request came from; another site (even a sibling subdomain) is refused.
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false; // Not a browser's cross-site request: same-origin fetches and server tools.
  try {
    return !allowedHosts(request, configured).includes(new URL(origin).host);
  } catch {
    return true; // "null" and other opaque origins
  }
}

/** The header the app's own tRPC client sends; a simple cross-site request (an <img>, a <script>, a plain link) cannot set one. */
export const CLIENT_HEADER = 'x-factcheck-client';

/**
 * A read (GET) another site asked for: any page can make a browser fetch a URL,
 * and a query's answer costs the server work (and a batch of them, a lot).
 * Browsers that say where a request came from (Sec-Fetch-Site) must also send
 * the app client's own header; tools that say nothing (curl, scripts, the
 * browser tests' request API) are not a browser acting for someone else.
 */
export function isCrossSiteRead(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (!fetchSite) return false;
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  return request.headers.get(CLIENT_HEADER) !== '1';
}
