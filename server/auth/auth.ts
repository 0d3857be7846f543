// Authentication through better-auth on our own SQLite file, via its Drizzle
// adapter: it hashes passwords (scrypt), issues session tokens and sets the
// cookies. We never hand-roll any of those. Accounts are only created by our
// own procedures (first-run setup, invites, the CLI), so public sign-up is off.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { account, appMeta, session, user, verification } from '@/db/schema';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../domain/people.types';
import { configuredPublicUrl, requestOrigin } from '../services/public-url';

/** Sessions last a working week and are extended while in use. */
const SESSION_DAYS = 7;

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET when set, otherwise
 * one generated at first start and kept in the database, so that
 * `npm start` on a fresh machine works without configuration.
 */
function authSecret(db: Db): string {
  const fromEnv = process.env.BETTER_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const key = 'auth_secret';
  const stored = db.select().from(appMeta).where(eq(appMeta.key, key)).get();
  if (stored) return stored.value;
  db.insert(appMeta)
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .run();
  return db.select().from(appMeta).where(eq(appMeta.key, key)).get()!.value;
}

function createAuth(db: Db) {
  const publicUrl = configuredPublicUrl();
  return betterAuth({
    appName: 'Fact-check editor',
    database: drizzleAdapter(db, { provider: 'sqlite', schema: { user, session, account, verification } }),
    secret: authSecret(db),
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
    advanced: {
      // HttpOnly and SameSite=Lax are better-auth's defaults; Secure follows the public address (or the request's protocol).
      useSecureCookies: publicUrl ? publicUrl.protocol === 'https:' : undefined,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    databaseHooks: {
      session: {
        create: {
          // A person whose access was removed cannot start a new session, whatever path asks for one.
          before: async (created) => {
            const row = db.select({ removed: user.accessRemovedAt }).from(user).where(eq(user.id, created.userId)).get();
            if (!row || row.removed) throw new APIError('UNAUTHORIZED', { message: 'Wrong email or password' });
            return { data: created };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

// One instance per database handle (the server has one; each integration test has its own).
const instances = new WeakMap<Db, Auth>();

export function authFor(db: Db): Auth {
  let auth = instances.get(db);
  if (!auth) {
    auth = createAuth(db);
    instances.set(db, auth);
  }
  return auth;
}
