// better-auth's own endpoints (sign-in, sign-out, session), behind our
// cross-site check and the sign-in limits. Accounts are made only through
// setup and invites, so its sign-up endpoint stays closed.
import { getDb } from '@/server/database';
import { authFor } from '@/server/auth/auth';
import { clientAddress, signInLimits, waitMessage } from '@/server/auth/sign-in-limits';
import { readWithinLimit } from '@/server/http/body-limit';
import { CROSS_SITE_REFUSAL, isCrossSiteWrite } from '@/server/http/same-origin';

export const dynamic = 'force-dynamic';

const json = (status: number, message: string, headers: Record<string, string> = {}) =>
  Response.json({ message }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });

async function signIn(request: Request): Promise<Response> {
  const body: unknown = await request
    .clone()
    .json()
    .catch(() => null);
  const email =
    body && typeof body === 'object' && 'email' in body && typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  const address = clientAddress(request.headers);
  const limits = signInLimits();
  const wait = await limits.waitFor(address, email);
  if (wait > 0) return json(429, waitMessage(wait), { 'Retry-After': String(Math.ceil(wait / 1000)) });
  const response = await authFor(getDb()).handler(request);
  if (response.status === 401) await limits.failed(address, email);
  else if (response.ok) await limits.succeeded(email);
  return response;
}

export async function GET(request: Request): Promise<Response> {
  return authFor(getDb()).handler(request);
}

/** An email and a password: anything bigger is not a sign-in. */
const MAX_AUTH_BODY_BYTES = 64 * 1024;

export async function POST(incoming: Request): Promise<Response> {
  if (isCrossSiteWrite(incoming)) return json(403, CROSS_SITE_REFUSAL);
  const limited = await readWithinLimit(incoming, MAX_AUTH_BODY_BYTES);
  if (!limited.ok) return json(413, 'The request is too large');
  const request = limited.request;
  if (new URL(request.url).pathname.endsWith('/sign-in/email')) return signIn(request);
  return authFor(getDb()).handler(request);
}
