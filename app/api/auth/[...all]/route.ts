// better-auth's own endpoints, behind our cross-site check and the sign-in
// limits. Only what the app uses is open: signing in and out, and reading the
// session. Everything else better-auth offers (update-user, sign-up, password
// reset by email…) answers 404 here: accounts and names change only through
// the app's own procedures, under its own rules.
import { getDb } from '@/server/database';
import { authFailures, authFor, secureCookies } from '@/server/auth/auth';
import { normaliseEmail, signInLimits, waitMessage } from '@/server/auth/sign-in-limits';
import { isOutOfDisk, reportServerError, serverErrorMessage } from '@/server/errors';
import { readWithinLimit } from '@/server/http/body-limit';
import { clientAddress } from '@/server/http/client-address';
import { CROSS_SITE_REFUSAL, isCrossSiteWrite } from '@/server/http/same-origin';
import { configuredPublicUrl } from '@/server/services/public-url';

export const dynamic = 'force-dynamic';

const BASE = '/api/auth';
const OPEN_POSTS = new Set([`${BASE}/sign-in/email`, `${BASE}/sign-out`]);
const OPEN_GETS = new Set([`${BASE}/get-session`, `${BASE}/ok`]);

export const NOT_OFFERED = 'Not found: this desk does not offer that';
export const BODY_TYPES = 'Send the sign-in as JSON (application/json) or as a form (application/x-www-form-urlencoded)';
export const SIGN_IN_OUT_OF_DISK = 'The server is out of disk space, so it cannot sign anyone in right now. Try again later.';
export const HTTPS_NEEDED = (publicUrl: string) =>
  `This page was opened over plain http, but this desk's sign-in cookie is only kept over https: open ${publicUrl} to sign in.`;

const json = (status: number, message: string, headers: Record<string, string> = {}) =>
  Response.json({ message }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });

/** Runs better-auth's handler, turning a full disk into a sentence instead of its bare 500. */
async function handle(request: Request): Promise<Response> {
  const failures = { outOfDisk: false };
  const response = await authFailures.run(failures, async () => (await authFor(await getDb(), request.headers)).handler(request));
  if (response.status >= 500 && failures.outOfDisk) return json(503, SIGN_IN_OUT_OF_DISK, { 'Retry-After': '60' });
  return response;
}

const mediaType = (request: Request) => (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

/** The sign-in's fields from a JSON or form body; null when the body is neither or not an object. */
async function signInFields(request: Request): Promise<Record<string, unknown> | null> {
  const type = mediaType(request);
  const text = await request.text();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type !== 'application/json') return null;
  try {
    const body: unknown = JSON.parse(text);
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function signIn(request: Request): Promise<Response> {
  const fields = await signInFields(request);
  if (!fields) return json(mediaType(request) === 'application/json' ? 400 : 415, BODY_TYPES);
  // A browser on plain http would drop the Secure cookie and loop back to sign-in: say so instead.
  const publicUrl = configuredPublicUrl();
  if (secureCookies(request.headers) && publicUrl && request.headers.get('origin')?.startsWith('http:')) {
    return json(403, HTTPS_NEEDED(publicUrl.origin));
  }
  const email = normaliseEmail(fields.email);
  const address = clientAddress(request.headers);
  const db = await getDb();
  const limits = await signInLimits(db);
  const wait = await limits.waitFor(address, email);
  if (wait > 0) return json(429, waitMessage(wait), { 'Retry-After': String(Math.ceil(wait / 1000)) });
  // better-auth reads exactly what was counted: the same fields, as JSON, with the normalised email.
  const headers = new Headers(request.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const body = JSON.stringify({ ...fields, email: typeof fields.email === 'string' ? email : fields.email });
  const response = await handle(new Request(request.url, { method: 'POST', headers, body }));
  if (response.status === 401) await limits.failed(address, email);
  else if (response.ok) await limits.succeeded(email);
  return response;
}

async function answer(task: () => Promise<Response>, where: string): Promise<Response> {
  try {
    return await task();
  } catch (error) {
    if (isOutOfDisk(error)) return json(503, SIGN_IN_OUT_OF_DISK, { 'Retry-After': '60' });
    return json(500, serverErrorMessage(reportServerError(where, error)));
  }
}

export async function GET(request: Request): Promise<Response> {
  if (!OPEN_GETS.has(new URL(request.url).pathname)) return json(404, NOT_OFFERED);
  return answer(() => handle(request), 'GET /api/auth');
}

/** An email and a password: anything bigger is not a sign-in. */
const MAX_AUTH_BODY_BYTES = 64 * 1024;

export async function POST(incoming: Request): Promise<Response> {
  const path = new URL(incoming.url).pathname;
  if (!OPEN_POSTS.has(path)) return json(404, NOT_OFFERED);
  if (isCrossSiteWrite(incoming)) return json(403, CROSS_SITE_REFUSAL);
  const limited = await readWithinLimit(incoming, MAX_AUTH_BODY_BYTES);
  if (!limited.ok) return json(413, 'The request is too large');
  const request = limited.request;
  if (path === `${BASE}/sign-in/email`) return answer(() => signIn(request), 'sign-in');
  const type = mediaType(request);
  if (type && type !== 'application/json') return json(415, 'Send JSON (application/json)');
  return answer(() => handle(request), `POST ${path}`);
}
