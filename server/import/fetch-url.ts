import 'server-only';
// Fetches one web page for import, on behalf of a user who typed its address.
// The server is the one making the request, so the address is untrusted: every
// hop of a redirect chain is checked, and the app refuses to talk to its own
// machine or network (SSRF). The address is checked twice: when the name is
// resolved (our `lookup`) and on the socket once it has connected, so no path
// that skips `lookup` can reach a private address unnoticed.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIPv4, isIPv6, type LookupFunction, type Socket } from 'node:net';
import { pipeline, type Readable, type Transform } from 'node:stream';
import zlib from 'node:zlib';

export interface FetchOptions {
  /** For the whole fetch, redirects and body included. Default 10 s. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * IPs or CIDR ranges fetched even though the policy blocks them (tests, an
   * intranet deployment). Default: `FACTCHECK_FETCH_ALLOW`, comma-separated; empty.
   */
  allowedAddresses?: string[];
}

/** The page could not be fetched; the message is meant for the user. */
export class FetchError extends Error {
  override name = 'FetchError';
}

export interface FetchedPage {
  /** The address the page was finally read from, after redirects. */
  finalUrl: string;
  html: string;
  contentType: string;
}

export const FETCH_ALLOW_ENV = 'FACTCHECK_FETCH_ALLOW';

interface Settings {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowed: Range[];
}

export async function fetchPage(url: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const settings: Settings = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    allowed: parseAllowList(options.allowedAddresses ?? allowListFromEnv()),
  };
  // One deadline for the whole chain: a slow redirect must not restart the clock.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  try {
    let target = checkUrl(url, null);
    for (let redirects = 0; ; redirects++) {
      const response = await send(target, settings, controller.signal);
      const location = redirectLocation(response);
      if (location === null) return await readPage(target, response, settings, controller.signal);
      response.destroy(); // a redirect's body is never read
      if (redirects >= settings.maxRedirects) {
        throw new FetchError(`The page redirected more than ${settings.maxRedirects} times, so the app stopped following it`);
      }
      target = checkUrl(location, target);
    }
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------
// Addresses

function checkUrl(raw: string, from: URL | null): URL {
  let url: URL;
  try {
    url = new URL(raw, from ?? undefined);
  } catch {
    throw new FetchError(from ? 'The page redirected to an address that is not valid' : 'That is not a valid web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      from
        ? `The page redirected to a ${url.protocol} address; only http and https pages can be imported`
        : `Only http and https addresses can be imported, not ${url.protocol}`,
    );
  }
  return url;
}

/** The host as the socket layer wants it: IPv6 literals lose their brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function refusal(host: string, address: string, reason: string): FetchError {
  const subject = host === address ? `${address} is` : `${host} resolves to`;
  const detail = host === address ? reason : `${address}, ${reason}`;
  return new FetchError(`${subject} a private or local network address (${detail}), which the app does not fetch`);
}

// ---------------------------------------------------------------------------
// One request

const REQUEST_HEADERS = {
  'user-agent': 'factcheck-editor (article import)',
  accept: 'text/html, application/xhtml+xml;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
};

function send(target: URL, settings: Settings, signal: AbortSignal): Promise<http.IncomingMessage> {
  const host = bareHost(target);
  // Node connects to IP literals without calling `lookup`: check them here, before any socket exists.
  if (isIPv4(host) || isIPv6(host)) {
    const reason = blockReason(host, settings.allowed);
    if (reason) return Promise.reject(refusal(host, host, reason));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: target.protocol,
        hostname: host,
        port: target.port || undefined,
        path: target.pathname + target.search,
        headers: REQUEST_HEADERS,
        // A fresh connection per hop, so every hop goes through `lookup` and the socket check.
        agent: false,
        lookup: guardedLookup(settings.allowed),
        signal,
      },
      resolve,
    );
    request.on('socket', (socket) => guardSocket(socket, request, host, settings.allowed));
    request.on('error', (error) => reject(explain(error, host, settings, signal)));
    request.end();
  });
}

/** Resolves like the default lookup, but fails when any address of the name is blocked. */
function guardedLookup(allowed: Range[]): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      if (!addresses.length) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      // Refuse the name if any address is blocked, rather than filter: a name
      // that mixes public and private addresses is a rebinding setup, not a mistake.
      for (const { address } of addresses) {
        const reason = blockReason(address, allowed);
        if (reason) return callback(refusal(hostname, address, reason), '');
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * Checks the address the socket really connected to, before a byte of the
 * request is written (the request is flushed after this listener runs).
 */
function guardSocket(socket: Socket, request: http.ClientRequest, host: string, allowed: Range[]): void {
  const check = () => {
    const address = socket.remoteAddress ?? '';
    const reason = blockReason(address, allowed);
    if (reason) request.destroy(refusal(host, address || 'unknown', reason));
  };
  if (socket.connecting) socket.once('connect', check);
  else check();
}

function redirectLocation(response: http.IncomingMessage): string | null {
  const status = response.statusCode ?? 0;
  return status >= 300 && status < 400 && response.headers.location ? response.headers.location : null;
}

function errorCode(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : '';
}

/** Turns a socket or DNS error into words for the user. */
function explain(error: unknown, host: string, settings: Settings, signal: AbortSignal): FetchError {
  if (error instanceof FetchError) return error;
  if (signal.aborted) {
    return new FetchError(`The server at ${host} did not answer within ${settings.timeoutMs / 1000} seconds`);
  }
  const code = errorCode(error);
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA'].includes(code)) {
    return new FetchError(`Could not find the server for ${host}; check the address`);
  }
  if (code === 'ECONNREFUSED') return new FetchError(`The server at ${host} refused the connection`);
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new FetchError(`The server at ${host} closed the connection before sending the page`);
  }
  if (code === 'ETIMEDOUT') return new FetchError(`The connection to ${host} timed out`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new FetchError(`The server at ${host} cannot be reached`);
  if (code.startsWith('HPE_')) return new FetchError(`The server at ${host} sent a response that is not valid HTTP`);
  if (/CERT|SSL|TLS|SELF_SIGNED/.test(code)) {
    return new FetchError(`The secure connection to ${host} failed (${code}); the site's certificate may be invalid`);
  }
  return new FetchError(`Could not load the page from ${host}${code ? ` (${code})` : ''}`);
}

// ---------------------------------------------------------------------------
// The body

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

async function readPage(
  target: URL,
  response: http.IncomingMessage,
  settings: Settings,
  signal: AbortSignal,
): Promise<FetchedPage> {
  const host = bareHost(target);
  const status = response.statusCode ?? 0;
  const contentType = response.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  const declaredLength = Number(response.headers['content-length'] ?? NaN);
  const refuse = (message: string) => {
    response.destroy();
    return new FetchError(message);
  };
  // The standard reason phrase, not the server's: that text is shown to the user.
  if (status < 200 || status > 299) throw refuse(`The page answered ${status} ${http.STATUS_CODES[status] ?? ''}`.trim());
  if (!HTML_TYPES.has(mediaType)) {
    throw refuse(`The address is not a web page (the server sent ${mediaType || 'no content type'}); only HTML pages can be imported`);
  }
  if (declaredLength > settings.maxBytes) throw refuse(tooLarge(settings.maxBytes));
  try {
    const bytes = await readCapped(decompressed(response), settings.maxBytes);
    return { finalUrl: target.href, html: decodeHtml(bytes, contentType), contentType };
  } catch (error) {
    response.destroy();
    throw explain(error, host, settings, signal);
  }
}

function tooLarge(maxBytes: number): string {
  return `The page is larger than ${formatBytes(maxBytes)}, the most the app imports`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

async function readCapped(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // Leaving the loop destroys the stream, which stops the download.
    if (size > maxBytes) throw new FetchError(tooLarge(maxBytes));
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

const DECOMPRESSORS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** The body as sent before compression; the size cap counts these bytes, so a small zip bomb is still caught. */
function decompressed(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (!encoding || encoding === 'identity') return response;
  const create = DECOMPRESSORS[encoding];
  if (!create) throw new FetchError(`The page is compressed in a way the app cannot read (${encoding})`);
  const decoder = create();
  // Errors of either stream end up on `decoder`, where `readCapped` sees them.
  pipeline(response, decoder, () => {});
  return decoder;
}

// ---------------------------------------------------------------------------
// Character set: byte-order mark, then the header, then `<meta>`, as browsers do.

function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const label = bomCharset(bytes) ?? charsetParameter(contentType) ?? metaCharset(bytes) ?? 'utf-8';
  return decode(bytes, label);
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function charsetParameter(contentType: string): string | null {
  return /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1] ?? null;
}

/** `<meta charset>` or `<meta http-equiv content="…; charset=…">` in the first 1024 bytes, as the HTML prescan does. */
function metaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const label = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ?? null;
  // A page that reached us as bytes cannot be UTF-16 by its own say-so (the HTML standard's rule).
  return label && /^utf-?16/i.test(label) ? 'utf-8' : label;
}

function decode(bytes: Uint8Array, label: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8'); // an unknown label: UTF-8 is the likeliest truth
  }
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}

// Bytes 0x80–0x9F in windows-1252, which is also what the web means by
// latin1 and iso-8859-1 (WHATWG Encoding). Node 20.18.3 and later decode them
// as C1 control characters instead (nodejs/node#60888), which would turn a
// page's curly quotes and dashes into invisible junk.
const WINDOWS_1252_C1 =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]);
}

// ---------------------------------------------------------------------------
// Address policy

/** An address range as bytes (4 for IPv4, 16 for IPv6) and a prefix length in bits. */
interface Range {
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

function blockReason(ip: string, allowed: Range[]): string | null {
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

function allowListFromEnv(): string[] {
  return (process.env[FETCH_ALLOW_ENV] ?? '').split(',');
}

/** Blank entries are skipped; a malformed one is a configuration mistake and throws. */
function parseAllowList(entries: readonly string[]): Range[] {
  return entries.map((entry) => entry.trim()).filter(Boolean).map(parseRange);
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
