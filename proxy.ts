// Runs before every request (Next.js 16's proxy, formerly middleware): refuses
// host names the app does not answer to (DNS rebinding), and puts the security
// headers and a per-request CSP nonce on every response.
import { NextResponse, type NextRequest } from 'next/server';
import { HOST_REFUSAL, isAllowedHost } from '@/server/http/allowed-hosts';
import { contentSecurityPolicy, hasOwnPolicy, newNonce, SECURITY_HEADERS } from '@/server/http/security-headers';

export function proxy(request: NextRequest) {
  if (!isAllowedHost(request.headers)) {
    // 421 Misdirected Request: this server is not the one that name points at.
    return new NextResponse(HOST_REFUSAL, {
      status: 421,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
        ...SECURITY_HEADERS,
      },
    });
  }
  const ownPolicy = hasOwnPolicy(request.nextUrl.pathname);
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  if (!ownPolicy) {
    // Next.js finds the nonce in the request's CSP header and applies it to its scripts.
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', csp);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (!ownPolicy) response.headers.set('Content-Security-Policy', csp);
  return response;
}
