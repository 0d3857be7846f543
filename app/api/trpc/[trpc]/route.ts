import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { getDb } from '@/server/database';
import { createContext } from '@/server/context';
import { readWithinLimit } from '@/server/http/body-limit';
import { CROSS_SITE_REFUSAL, isCrossSiteRead, isCrossSiteWrite } from '@/server/http/same-origin';
import { appRouter } from '@/server/routers/_app';

const MAX_BATCH_SIZE = 10;

/** The subscriptions' paths (/api/trpc/live.article, …): their server-sent-events GETs come from EventSource, which sends no custom header. */
const STREAM_PATHS = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === 'subscription')
    .map(([path]) => `/api/trpc/${path}`),
);
const isStreamPath = (pathname: string) => STREAM_PATHS.has(pathname);
/** An article is at most 2 MB of text; escaped in JSON it can grow, but never to this. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;
const TOO_LARGE = `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB, more than any article or file the app accepts (an article is at most 2 MB of text)`;

/**
 * Refusals made before tRPC reads the body (a text/plain or form post would otherwise get
 * "unsupported media type"), in tRPC's own error shape, so the browser's client
 * reads them as refusals with a sentence and stops retrying.
 */
function refusal(code: 'FORBIDDEN' | 'PAYLOAD_TOO_LARGE', httpStatus: number, message: string): Response {
  return Response.json({ error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } } }, { status: httpStatus });
}

async function handler(incoming: Request) {
  if (isCrossSiteWrite(incoming) || isCrossSiteRead(incoming, { isStreamPath })) return refusal('FORBIDDEN', 403, CROSS_SITE_REFUSAL);
  // A GET (every subscription) is passed on as it came, its abort signal included, so a closed stream ends its generator.
  const limited = await readWithinLimit(incoming, MAX_BODY_BYTES);
  if (!limited.ok) return refusal('PAYLOAD_TOO_LARGE', 413, TOO_LARGE);
  const req = limited.request;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    // The browser's client sends one call per request; a long batch is only ever a way to stall the server.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async ({ resHeaders }) => createContext({ db: await getDb(), headers: req.headers, resHeaders, url: req.url }),
    // Unexpected errors are logged by the errorFormatter (server/trpc.ts), under the reference the answer quotes.
  });
}

export { handler as GET, handler as POST };
