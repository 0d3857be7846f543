import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { getDb } from '@/db/client';
import { createContext } from '@/server/context';
import { CROSS_SITE_REFUSAL, isCrossSiteRead, isCrossSiteWrite } from '@/server/http/same-origin';
import { appRouter } from '@/server/routers/_app';

/**
 * Refused before tRPC reads the body (a text/plain or form post would otherwise get
 * "unsupported media type"), in tRPC's own error shape, so the browser's client
 * reads it as a refusal with a sentence and stops retrying.
 */
const MAX_BATCH_SIZE = 10;

function crossSiteRefusal(): Response {
  return Response.json(
    { error: { message: CROSS_SITE_REFUSAL, code: TRPC_ERROR_CODES_BY_KEY.FORBIDDEN, data: { code: 'FORBIDDEN', httpStatus: 403 } } },
    { status: 403 },
  );
}

function handler(req: Request) {
  if (isCrossSiteWrite(req) || isCrossSiteRead(req)) return crossSiteRefusal();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    // The browser's client sends one call per request; a long batch is only ever a way to stall the server.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ resHeaders }) => createContext({ db: getDb(), headers: req.headers, resHeaders, url: req.url }),
    // Unexpected errors are logged by the errorFormatter (server/trpc.ts), under the reference the answer quotes.
  });
}

export { handler as GET, handler as POST };
