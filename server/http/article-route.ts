// The shared door of the per-article GET routes (exports, JSON-LD): they read
// through the router like everything else. Signed-out visitors are sent to
// sign in (HTML) or answered 401 (JSON); a bad or unknown id is a 404, a
// refused input (BAD_REQUEST) a 400 with the procedure's message.
import 'server-only';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { getDb } from '../database';
import { createContext } from '../context';
import { reportServerError, serverErrorMessage } from '../errors';
import { createCaller } from '../routers/_app';
import { describeZodError } from '../trpc';
import { signInPath } from './server-caller';

type Params = { params: Promise<{ id: string }> };
type Caller = ReturnType<typeof createCaller>;

export function articleRoute(
  handler: (ctx: { caller: Caller; articleId: number; request: Request; url: URL }) => Promise<Response>,
  type: 'text' | 'json' = 'text',
) {
  return async function respond(request: Request, { params }: Params): Promise<Response> {
    const { id } = await params;
    const url = new URL(request.url);
    const ctx = await createContext({ db: await getDb(), headers: request.headers, url: request.url });
    if (!ctx.user) {
      if (type === 'json') return answer('json', 401, 'Sign in to continue');
      return new Response(null, {
        status: 303,
        headers: { Location: ctx.setupNeeded ? '/setup' : signInPath(`${url.pathname}${url.search}`) },
      });
    }
    // Article ids start at 1: `0` or `007` name no article (and would reach the router's input check as raw zod).
    if (!/^[1-9]\d{0,14}$/.test(id)) return answer(type, 404, 'Article not found');
    try {
      return await handler({ caller: createCaller(ctx), articleId: Number(id), request, url });
    } catch (error) {
      if (error instanceof TRPCError && error.code === 'BAD_REQUEST') {
        // A server-side caller's input errors carry zod's issues as JSON in the message: answer the sentence.
        return answer(type, 400, error.cause instanceof ZodError ? describeZodError(error.cause) : error.message);
      }
      if (error instanceof TRPCError && error.code === 'NOT_FOUND') return answer(type, 404, 'Article not found');
      if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED'))
        return answer(type, error.code === 'FORBIDDEN' ? 403 : 401, error.message);
      if (error instanceof TRPCError && error.code === 'SERVICE_UNAVAILABLE') return answer(type, 503, error.message);
      // Nothing internal in the answer: the detail goes to the log under the reference it quotes.
      return answer(type, 500, serverErrorMessage(reportServerError(`GET ${url.pathname}`, error)));
    }
  };
}

/** A plain answer in the route's type, never cached. */
export function answer(type: 'text' | 'json', status: number, message: string): Response {
  return type === 'json'
    ? new Response(JSON.stringify({ error: message }), {
        status,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
      })
    : new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
