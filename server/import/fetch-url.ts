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
import { allowListFromEnv, blockReason, parseAllowList, type Range } from './address-policy';
import { decodeHtml } from './charset';

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

export { FETCH_ALLOW_ENV, isBlockedAddress } from './address-policy';

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

async function readPage(target: URL, response: http.IncomingMessage, settings: Settings, signal: AbortSignal): Promise<FetchedPage> {
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
