// Run once at server start (instrumentation.ts): stamps every incoming request
// with the address of the socket it came in on (server/http/client-address.ts
// explains why), and warns about a configuration whose cookies would travel in
// the clear. No `server-only`: instrumentation is not part of React's server build.
import http from 'node:http';
import https from 'node:https';
import { PEER_HEADER, withPeer } from './client-address';

const globalForHook = globalThis as unknown as { factcheckPeerHook?: boolean };

/**
 * Wraps `emit` of Node's HTTP(S) servers so that each 'request' event's headers
 * carry the socket's address under PEER_HEADER, replacing whatever a client
 * sent under that name, before Next.js reads them.
 */
export function installPeerHook(): void {
  if (globalForHook.factcheckPeerHook) return;
  globalForHook.factcheckPeerHook = true;
  for (const Server of [http.Server, https.Server]) {
    const original = Server.prototype.emit;
    Server.prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const request = args[0] as http.IncomingMessage;
        delete request.headers[PEER_HEADER];
        withPeer(request.headers as Record<string, string>, request.socket?.remoteAddress);
      }
      return Reflect.apply(original, this, [event, ...args]) as boolean;
    } as typeof original;
  }
}

const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Sentences for the console at start: addresses a browser would reach over plain http from elsewhere. */
export function cookieWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
  const warnings: string[] = [];
  let publicUrl: URL | null = null;
  try {
    publicUrl = env.FACTCHECK_PUBLIC_URL ? new URL(env.FACTCHECK_PUBLIC_URL) : null;
  } catch {
    warnings.push(`FACTCHECK_PUBLIC_URL (${env.FACTCHECK_PUBLIC_URL}) is not a URL; it is ignored.`);
  }
  if (publicUrl?.protocol === 'http:' && !LOCAL.has(publicUrl.hostname)) {
    warnings.push(
      `FACTCHECK_PUBLIC_URL is plain http (${publicUrl.origin}): session cookies are sent without Secure, readable on the network. Serve the app over https and set FACTCHECK_PUBLIC_URL=https://…`,
    );
  }
  const others = (env.FACTCHECK_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !LOCAL.has(s.toLowerCase()));
  if (!publicUrl && others.length && !env.FACTCHECK_TRUSTED_PROXIES) {
    warnings.push(
      `FACTCHECK_ALLOWED_HOSTS (${others.join(', ')}) without an https FACTCHECK_PUBLIC_URL or FACTCHECK_TRUSTED_PROXIES: browsers reaching those names sign in over plain http, with cookies sent in the clear.`,
    );
  }
  if (publicUrl?.protocol === 'https:' && others.length) {
    warnings.push(
      `Session cookies are Secure (FACTCHECK_PUBLIC_URL is https): a browser opening ${others.join(', ')} over plain http cannot sign in there; the sign-in page says so.`,
    );
  }
  return warnings;
}
