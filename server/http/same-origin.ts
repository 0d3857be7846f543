// There are no accounts yet, so any page the reviewer visits could post to a
// running instance (cross-site request forgery). Browsers send Origin with
// every cross-site POST; a write whose Origin is another site is refused.
export function isCrossSiteWrite(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const origin = request.headers.get('origin');
  if (!origin) return false; // Not a browser's cross-site request: same-origin fetches and server tools.
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
