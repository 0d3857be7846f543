// The headers every response carries (pages, API, static files), set by proxy.ts.
// No imports, so the proxy and the tests can use it as is.

/** A fresh nonce per request: Next.js reads it from the CSP request header and puts it on its own scripts. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts: only those carrying this request's nonce (Next.js's own), and what
 * they load ('strict-dynamic'); no 'unsafe-inline', no 'unsafe-eval' (React
 * needs eval only in development, for its error overlays).
 * Styles: 'unsafe-inline' because React renders `style` attributes (the
 * `--verdict-colour` custom properties, the panel's position) and ProseMirror
 * sets inline styles while editing; a nonce cannot cover style attributes.
 * Styles cannot run code, and scripts stay locked down.
 */
export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Nobody may frame the app, guess a type, learn more than the origin from a link, or use the devices. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=(), browsing-topics=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Route handlers that set a stricter policy of their own (the export and the public pages run no script at all). */
export function hasOwnPolicy(pathname: string): boolean {
  return /^\/articles\/[^/]+\/export\/?$/.test(pathname) || /^\/p\/[^/]+(?:\/v\/[^/]+)?\/?$/.test(pathname);
}
