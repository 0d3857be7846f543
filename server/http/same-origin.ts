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
  return !originAllowed(request, origin, configured);
}

/** The header the app's own tRPC client sends; a simple cross-site request (an <img>, a <script>, a plain link) cannot set one. */
export const CLIENT_HEADER = 'x-factcheck-client';

/** The Origin header names one of the hosts the app answers as. */
function originAllowed(request: Request, origin: string, configured: string | undefined): boolean {
  try {
    return allowedHosts(request, configured).includes(new URL(origin).host);
  } catch {
    return false; // "null" and other opaque origins
  }
}

/**
 * A live stream the app's own page opened: `EventSource` cannot send the
 * client header, so a subscription's GET is let through when it is one (a path
 * the caller knows as a stream, asking for text/event-stream, in cors mode, not
 * a navigation or an <img>) and the browser says it comes from this origin
 * (Sec-Fetch-Site: same-origin, and an Origin, if sent, that is this app's).
 */
export function isSameOriginStream(
  request: Request,
  isStreamPath: (pathname: string) => boolean,
  configured = process.env.FACTCHECK_PUBLIC_URL,
): boolean {
  if (request.method !== 'GET') return false;
  if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) return false;
  const mode = request.headers.get('sec-fetch-mode');
  if (mode !== null && mode !== 'cors' && mode !== 'same-origin') return false;
  if (!isStreamPath(new URL(request.url).pathname)) return false;
  if (request.headers.get('sec-fetch-site') !== 'same-origin') return false;
  const origin = request.headers.get('origin');
  return origin === null || originAllowed(request, origin, configured);
}

/**
 * A read (GET) another site asked for: any page can make a browser fetch a URL,
 * and a query's answer costs the server work (and a batch of them, a lot).
 * Browsers that say where a request came from (Sec-Fetch-Site) must also send
 * the app client's own header, except for the app's own live streams (see
 * isSameOriginStream), which a cross-site page is refused all the same; tools
 * that say nothing (curl, scripts, the browser tests' request API) are not a
 * browser acting for someone else.
 */
export function isCrossSiteRead(
  request: Request,
  options: { isStreamPath?: (pathname: string) => boolean; configured?: string } = {},
): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (!fetchSite) return false;
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  if (request.headers.get(CLIENT_HEADER) === '1') return false;
  const configured = 'configured' in options ? options.configured : process.env.FACTCHECK_PUBLIC_URL;
  return !(options.isStreamPath && isSameOriginStream(request, options.isStreamPath, configured));
}
