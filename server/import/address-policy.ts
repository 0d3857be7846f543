import 'server-only';
// Which addresses the URL import may connect to: not this machine, nor its
// private networks (SSRF), unless an allowlist names them.
import { isIPv4, isIPv6 } from 'node:net';

/** Comma-separated IPs or CIDR ranges the URL import may reach although they are local or private. */
export const FETCH_ALLOW_ENV = 'FACTCHECK_FETCH_ALLOW';

/** An address range as bytes (4 for IPv4, 16 for IPv6) and a prefix length in bits. */
export interface Range {
  bytes: Uint8Array;
  prefix: number;
}

interface Rule extends Range {
  reason: string;
}

/** A range whose addresses carry an IPv4 address inside them, which is checked in turn. */
interface Embedding extends Range {
  name: string;
  ipv4: (bytes: Uint8Array) => Uint8Array;
}

function rules(list: [string, string][]): Rule[] {
  return list.map(([cidr, reason]) => ({ ...parseRange(cidr), reason }));
}

// First match wins, so broadcast comes before the reserved 240/4 that holds it.
const IPV4_RULES = rules([
  ['0.0.0.0/8', 'unspecified'], // "this network": Linux treats 0.0.0.0 as the local host
  ['10.0.0.0/8', 'private network'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // cloud metadata services live here
  ['172.16.0.0/12', 'private network'],
  ['192.0.0.0/24', 'reserved'],
  ['192.168.0.0/16', 'private network'],
  ['198.18.0.0/15', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const IPV6_RULES = rules([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible'], // deprecated, never legitimately on the Internet
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['100::/64', 'discard-only'],
  ['fc00::/7', 'unique local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
]);

const last4 = (bytes: Uint8Array) => bytes.slice(12, 16);

const EMBEDDINGS: Embedding[] = [
  { ...parseRange('::ffff:0:0/96'), name: 'IPv4-mapped', ipv4: last4 },
  { ...parseRange('::ffff:0:0:0/96'), name: 'IPv4-translated', ipv4: last4 },
  { ...parseRange('64:ff9b::/96'), name: 'NAT64', ipv4: last4 },
  { ...parseRange('2002::/16'), name: '6to4', ipv4: (bytes) => bytes.slice(2, 6) },
  // Teredo stores the client's address with every bit flipped.
  { ...parseRange('2001::/32'), name: 'Teredo', ipv4: (bytes) => last4(bytes).map((byte) => byte ^ 0xff) },
];

/**
 * Why the app refuses to fetch from `ip`, or null when it may. `allowed` lists
 * IPs or CIDR ranges let through anyway. Anything that is not an IP is refused.
 */
export function isBlockedAddress(ip: string, allowed: readonly string[] = []): string | null {
  return blockReason(ip, parseAllowList(allowed));
}

export function blockReason(ip: string, allowed: Range[]): string | null {
  const bytes = parseIp(ip);
  return bytes ? bytesBlockReason(bytes, allowed) : 'not an IP address';
}

function bytesBlockReason(bytes: Uint8Array, allowed: Range[]): string | null {
  if (allowed.some((range) => inRange(bytes, range))) return null;
  if (bytes.length === 4) return IPV4_RULES.find((rule) => inRange(bytes, rule))?.reason ?? null;
  const rule = IPV6_RULES.find((candidate) => inRange(bytes, candidate));
  if (rule) return rule.reason;
  const embedding = EMBEDDINGS.find((candidate) => inRange(bytes, candidate));
  if (!embedding) return null;
  const ipv4 = embedding.ipv4(bytes);
  const reason = bytesBlockReason(ipv4, allowed);
  return reason && `${reason}, ${embedding.name} ${ipv4.join('.')}`;
}

function inRange(bytes: Uint8Array, range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  const whole = range.prefix >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== range.bytes[i]) return false;
  const bits = range.prefix & 7;
  if (!bits) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (bytes[whole] & mask) === (range.bytes[whole] & mask);
}

export function allowListFromEnv(): string[] {
  return (process.env[FETCH_ALLOW_ENV] ?? '').split(',');
}

/** Blank entries are skipped; a malformed one is a configuration mistake and throws. */
export function parseAllowList(entries: readonly string[]): Range[] {
  return entries
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseRange);
}

function parseRange(cidr: string): Range {
  const [ip, prefixText, extra] = cidr.split('/');
  const bytes = parseIp(ip);
  const prefix = prefixText === undefined ? (bytes?.length ?? 0) * 8 : Number(prefixText);
  if (!bytes || extra !== undefined || !/^\d*$/.test(prefixText ?? '') || prefixText === '' || prefix > bytes.length * 8) {
    throw new Error(`"${cidr}" is not an IP address or CIDR range (in ${FETCH_ALLOW_ENV} or allowedAddresses)`);
  }
  return { bytes, prefix };
}

/** Bytes of an IPv4 or IPv6 address (a zone such as `%eth0` is ignored), or null. */
function parseIp(text: string): Uint8Array | null {
  const ip = text.split('%')[0];
  if (isIPv4(ip)) return Uint8Array.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) return null;
  // A trailing dotted quad stands for the last two groups.
  const hex = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [((+a << 8) | +b).toString(16), ((+c << 8) | +d).toString(16)].join(':'),
  );
  const [left, right] = hex.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const head = groups(left);
  const tail = right === undefined ? [] : groups(right);
  const all = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  return bytes;
}
