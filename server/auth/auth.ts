// Authentication through better-auth on our own SQLite file, via its Drizzle
// adapter: it hashes passwords (scrypt), issues session tokens and sets the
// cookies. We never hand-roll any of those. Accounts are only created by our
// own procedures (first-run setup, invites, the CLI), so public sign-up is off.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { account, appMeta, session, user, verification } from '@/db/schema';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, personNameSchema } from '../domain/people.types';
import { isOutOfDisk, reportServerError } from '../errors';
import { requestIsHttps } from '../http/client-address';
import { configuredPublicUrl, requestOrigin } from '../services/public-url';

/** Sessions last a working week and are extended while in use. */
const SESSION_DAYS = 7;

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET when set, otherwise
 * one generated at first start and kept in the database, so that
 * `npm start` on a fresh machine works without configuration.
 */
export async function authSecret(db: Db): Promise<string> {
  const fromEnv = process.env.BETTER_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const key = 'auth_secret';
  const stored = await db.select().from(appMeta).where(eq(appMeta.key, key)).get();
  if (stored) return stored.value;
  await db
    .insert(appMeta)
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .run();
  return (await db.select().from(appMeta).where(eq(appMeta.key, key)).get())!.value;
}

/**
 * better-auth's endpoints that the app does not use, closed on every path
 * (app/api/auth answers only the ones it allows; this closes them in
 * better-auth's own router too). Names, emails and accounts change only
 * through the app's own procedures, under its own rules.
 */
export const CLOSED_AUTH_PATHS = [
  '/sign-up/email',
  '/update-user',
  '/change-email',
  '/delete-user',
  '/delete-user/callback',
  '/set-password',
  '/request-password-reset',
  '/reset-password',
  '/verify-email',
  '/send-verification-email',
  '/link-social',
  '/unlink-account',
  '/sign-in/social',
  '/refresh-token',
  '/get-access-token',
  '/account-info',
];

export const PROFILE_CLOSED = 'Names and emails are changed in Settings, not through this endpoint';

/** Set by the auth route around better-auth's handler: whether it failed because the disk is full. */
export const authFailures = new AsyncLocalStorage<{ outOfDisk: boolean }>();

function createAuth(db: Db, secureCookies: boolean, secret: string) {
  const publicUrl = configuredPublicUrl();
  return betterAuth({
    appName: 'Fact-check editor',
    // The adapter's provider follows the database (db/dialect.ts): its SQL differs between them.
    database: drizzleAdapter(db, { provider: db.$dialect === 'pg' ? 'pg' : 'sqlite', schema: { user, session, account, verification } }),
    secret,
    // Without FACTCHECK_PUBLIC_URL the origin comes from each request, which is right for localhost use.
    baseURL: publicUrl?.origin,
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    // The app's own origin, as the browser addressed it, plus the public address behind a proxy.
    // (Our route checks Origin and Sec-Fetch-Site first; this keeps better-auth's own check in step with it.)
    trustedOrigins: (request) => [request ? requestOrigin(request.headers, request.url) : null, publicUrl?.origin],
    session: { expiresIn: SESSION_DAYS * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'viewer', input: false },
      },
    },
    // Sign-in attempts are limited per address and per account in app/api/auth (server/auth/sign-in-limits.ts),
    // counting failures only; better-auth's own limiter counts every request per address, which would lock out an office.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    // Its one warning here says baseURL is unset, which is by design without FACTCHECK_PUBLIC_URL; errors still show.
    logger: { level: 'error' },
    disabledPaths: CLOSED_AUTH_PATHS,
    onAPIError: {
      onError: (error) => {
        const store = authFailures.getStore();
        if (store && isOutOfDisk(error)) store.outOfDisk = true;
        else if (!(error instanceof APIError) || error.statusCode >= 500) reportServerError('better-auth', error);
      },
    },
    advanced: {
      // HttpOnly and SameSite=Lax; Secure (and the __Secure- name) only where the browser reaches the app over https,
      // since a browser drops a Secure cookie set over plain http and sign-in would silently loop (see cookieMode).
      useSecureCookies: secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    databaseHooks: {
      user: {
        create: {
          // Accounts are made by server/auth/accounts.ts, which checks the name; this refuses any other way in.
          before: async (data) => {
            const name = personNameSchema.safeParse(data.name);
            if (!name.success) throw new APIError('BAD_REQUEST', { message: name.error.issues[0]?.message ?? 'Name is not valid' });
            return { data: { ...data, name: name.data } };
          },
        },
        update: {
          // Whatever better-auth path asks (its update-user endpoint, its server API), a name, email or picture
          // never changes through it: the app's own procedures check names (server/auth/names.ts).
          before: async (data) => {
            if ('name' in data || 'email' in data || 'image' in data) throw new APIError('FORBIDDEN', { message: PROFILE_CLOSED });
            return { data };
          },
        },
      },
      session: {
        create: {
          // A person whose access was removed cannot start a new session, whatever path asks for one.
          before: async (created) => {
            const row = await db.select({ removed: user.accessRemovedAt }).from(user).where(eq(user.id, created.userId)).get();
            if (!row || row.removed) throw new APIError('UNAUTHORIZED', { message: 'Wrong email or password' });
            return { data: created };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Whether session cookies are Secure: FACTCHECK_PUBLIC_URL's scheme when it is
 * set; otherwise the request's, as a trusted proxy reports it (plain http when
 * there is no request or no trusted proxy says https).
 */
export function secureCookies(headers?: Headers): boolean {
  const publicUrl = configuredPublicUrl();
  if (publicUrl) return publicUrl.protocol === 'https:';
  return headers ? requestIsHttps(headers) : false;
}

// One instance per database handle and cookie mode (the server has one database; each integration test its own).
const instances = new WeakMap<Db, Map<boolean, Promise<Auth>>>();

/** better-auth for this database, with the cookies that fit the request these headers came with. */
export async function authFor(db: Db, headers?: Headers): Promise<Auth> {
  const secure = secureCookies(headers);
  let byMode = instances.get(db);
  if (!byMode) {
    byMode = new Map();
    instances.set(db, byMode);
  }
  let auth = byMode.get(secure);
  if (!auth) {
    auth = authSecret(db).then((secret) => createAuth(db, secure, secret));
    byMode.set(secure, auth);
  }
  return auth;
}
