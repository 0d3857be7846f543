// Who is on the other end of the connection, and whether it came over https.
//
// Next.js hands route handlers a Request without its socket, and fills
// X-Forwarded-For from the socket only when the client sent none: as it
// arrives, that header says whatever the client likes. So the server stamps
// every incoming request with its socket's address (installPeerHook, run from
// instrumentation.ts at start), in a header signed with a secret only this
// process knows; a client cannot forge it and a stamp overwrites what a client
// sent. X-Forwarded-For and X-Forwarded-Proto are believed only when the
// connection comes from a proxy listed in FACTCHECK_TRUSTED_PROXIES.
//
// Without the stamp (the hook did not run: another server in front of Next's
// handler, or a test calling a route directly), the address is `unknown`: the
// per-address sign-in limit is then one shared bucket, the per-account back-off
// still holds, and first-run setup asks for the setup token. No `server-only`
// here: instrumentation.ts imports it outside React's server build.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

export const PEER_HEADER = 'x-factcheck-peer';
export const UNKNOWN_ADDRESS = 'unknown';

// On globalThis: instrumentation and each route are bundled separately, but run in one process.
const globalForPeer = globalThis as unknown as { factcheckPeerSecret?: string; factcheckTrusted?: { env: string; list: BlockList } };

function secret(): string {
  globalForPeer.factcheckPeerSecret ??= randomBytes(24).toString('base64url');
  return globalForPeer.factcheckPeerSecret;
}

/** `::ffff:192.0.2.1` is 192.0.2.1; anything that is not an address is null. */
export function normalizeAddress(value: string | undefined | null): string | null {
  if (!value) return null;
  let address = value.trim().toLowerCase();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) address = address.slice(7);
  return isIP(address) ? address : null;
}

/** Stamps the connecting address onto request headers, replacing whatever a client sent under that name. */
export function withPeer<H extends Headers | Record<string, string | string[] | undefined>>(headers: H, address: string | undefined): H {
  const value = `${secret()} ${normalizeAddress(address) ?? UNKNOWN_ADDRESS}`;
  if (headers instanceof Headers) headers.set(PEER_HEADER, value);
  else (headers as Record<string, string>)[PEER_HEADER] = value;
  return headers;
}

/** The connecting address the server stamped, or null when there is no genuine stamp. */
export function peerAddress(headers: Headers): string | null {
  const value = headers.get(PEER_HEADER);
  if (!value) return null;
  const space = value.indexOf(' ');
  const given = Buffer.from(space === -1 ? value : value.slice(0, space));
  const expected = Buffer.from(secret());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return normalizeAddress(value.slice(space + 1));
}

/**
 * FACTCHECK_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges
 * (`127.0.0.1, 10.0.0.0/8, ::1`) of the proxies whose X-Forwarded-For and
 * X-Forwarded-Proto to believe. Empty by default: nobody's.
 */
export function trustedProxies(configured: string | undefined = process.env.FACTCHECK_TRUSTED_PROXIES): BlockList {
  const env = configured ?? '';
  if (globalForPeer.factcheckTrusted?.env === env) return globalForPeer.factcheckTrusted.list;
  const list = new BlockList();
  for (const item of env
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [base, bits] = item.split('/');
    const address = normalizeAddress(base);
    const family = address && isIP(address) === 6 ? 'ipv6' : 'ipv4';
    const prefix = Number(bits);
    if (!address) console.warn(`FACTCHECK_TRUSTED_PROXIES: "${item}" is not an address or range; ignored`);
    else if (bits === undefined) list.addAddress(address, family);
    else if (Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 'ipv6' ? 128 : 32)) list.addSubnet(address, prefix, family);
    else console.warn(`FACTCHECK_TRUSTED_PROXIES: "${item}" has a bad prefix length; ignored`);
  }
  globalForPeer.factcheckTrusted = { env, list };
  return list;
}

const isTrusted = (list: BlockList, address: string) => list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * The client's address: the connection's, unless that is a trusted proxy; then
 * X-Forwarded-For read from the right, skipping trusted proxies, up to the
 * first address no trusted proxy vouches for.
 */
export function clientAddress(headers: Headers, trusted: BlockList = trustedProxies()): string {
  const peer = peerAddress(headers);
  if (!peer) return UNKNOWN_ADDRESS;
  if (!isTrusted(trusted, peer)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').reverse();
  let client = peer;
  for (const hop of hops) {
    const address = normalizeAddress(hop);
    if (!address) break; // garbage: what the last trusted hop says is all we know
    client = address;
    if (!isTrusted(trusted, address)) break;
  }
  return client;
}

/** True when the connection came from this machine. */
export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  return address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
}

/**
 * The request came over https, as a trusted proxy's X-Forwarded-Proto says.
 * Not request.url: Next.js builds its scheme from whatever X-Forwarded-Proto a
 * client sends, and `next start` itself only speaks http.
 */
export function requestIsHttps(headers: Headers, trusted: BlockList = trustedProxies()): boolean {
  const peer = peerAddress(headers);
  if (!peer || !isTrusted(trusted, peer)) return false;
  return headers.get('x-forwarded-proto')?.split(',')[0].trim().toLowerCase() === 'https';
}
