// tRPC is initialised once, here. Routers import only what this file exports:
// procedures start from one of the bases below, each of which decides who may
// call it before anything else (input validation included) runs.
import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Db } from '@/db/client';
import { can } from './domain/policy';
import type { RefusalReason } from './domain/reasons';
import { REFUSALS, type Actor, type Role } from './domain/roles';
import { AppError, isOutOfDisk, OUT_OF_DISK, reportServerError, serverErrorMessage } from './errors';

export interface Context {
  db: Db;
  /** The signed-in person, or null. */
  user: Actor | null;
  /** True while the database has no account yet: every page leads to the setup page. */
  setupNeeded: boolean;
  /** The request's headers (cookies included), for better-auth. */
  headers: Headers;
  /** Headers of the response, where procedures that sign someone in put their cookies; null for server-side callers. */
  resHeaders: Headers | null;
  /** The app's public origin (FACTCHECK_PUBLIC_URL or the request's), for links in exports. */
  origin: string;
}

/** Who may call a procedure; the access matrix test reads it from every procedure of the router. */
export type Access = 'open' | Role;
export interface Meta {
  access: Access;
}

/** A readable sentence from a zod error, so the UI can show it as is. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return issue.code === 'custom' || !where ? `${issue.message}` : `${where}${issue.message}`;
    })
    .join('; ');
}

/** tRPC codes thrown here rather than by a service, and what they mean to the browser. */
const CODE_REASONS: Partial<Record<TRPCError['code'], RefusalReason>> = {
  UNAUTHORIZED: 'sign_in_required',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  TOO_MANY_REQUESTS: 'too_many_requests',
  SERVICE_UNAVAILABLE: 'out_of_disk',
};

/** The machine-readable reason of a refusal: the service's own, or one read from how it was refused. */
function reasonFor(error: TRPCError): RefusalReason {
  if (error.cause instanceof AppError) return error.cause.reason;
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'server_error';
  return CODE_REASONS[error.code] ?? 'invalid_input';
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Live streams (server-sent events): a ping every 10 s keeps proxies from closing an idle stream,
    // and a client that hears nothing for 25 s reconnects (resuming from its last event id).
    sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
    errorFormatter({ shape, error, path }) {
      if (shape.data.code === 'INTERNAL_SERVER_ERROR') {
        // Nothing internal reaches the browser: the detail goes to the log under a reference the person can quote.
        const reference = reportServerError(`tRPC ${path ?? '?'}`, error);
        const { stack: _stack, ...data } = shape.data;
        return { ...shape, message: serverErrorMessage(reference), data: { ...data, reference, reason: reasonFor(error) } };
      }
      if (error.cause instanceof ZodError) {
        return {
          ...shape,
          message: describeZodError(error.cause),
          data: {
            ...shape.data,
            reason: reasonFor(error),
            issues: error.cause.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
          },
        };
      }
      return { ...shape, data: { ...shape.data, reason: reasonFor(error) } };
    },
  });

// Domain services throw AppError; this turns them into tRPC errors with the same message.
// A full disk is not a refusal: SERVICE_UNAVAILABLE, which the browser's save queue retries.
const mapAppErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message, cause: result.error.cause });
  }
  if (!result.ok && isOutOfDisk(result.error.cause)) {
    console.error(`tRPC ${path}: out of disk space (${String((result.error.cause as { code?: unknown }).code)})`);
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: OUT_OF_DISK, cause: result.error.cause });
  }
  return result;
});

export const SIGN_IN_REQUIRED = 'Sign in to continue';

function requireRole(least: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: SIGN_IN_REQUIRED });
    if (!can.actAs(ctx.user, least)) {
      const message = least === 'viewer' ? SIGN_IN_REQUIRED : REFUSALS[least];
      throw new TRPCError({ code: 'FORBIDDEN', message, cause: new AppError('FORBIDDEN', message, 'role') });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** For the few procedures a signed-out visitor needs: who am I, first-run setup, invites. */
export const openProcedure = t.procedure.meta({ access: 'open' }).use(mapAppErrors);

/** Anyone signed in, whatever their role: reading and commenting. */
export const signedInProcedure = t.procedure.meta({ access: 'viewer' }).use(requireRole('viewer')).use(mapAppErrors);

/** Signed in with `least` or a higher role. */
export function roleProcedure(least: Exclude<Role, 'viewer'>) {
  return t.procedure.meta({ access: least }).use(requireRole(least)).use(mapAppErrors);
}
