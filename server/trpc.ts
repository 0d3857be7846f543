// tRPC is initialised once, here. Routers import only what this file exports.
import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Db } from '@/db/client';
import { AppError } from './errors';

export interface Context {
  db: Db;
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

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    if (error.cause instanceof ZodError) {
      return {
        ...shape,
        message: describeZodError(error.cause),
        data: { ...shape.data, issues: error.cause.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
      };
    }
    return shape;
  },
});

// Domain services throw AppError; this turns them into tRPC errors with the same message.
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapAppErrors);
export const createCallerFactory = t.createCallerFactory;
