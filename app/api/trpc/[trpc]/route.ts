import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getDb } from '@/db/client';
import { createContext } from '@/server/context';
import { CROSS_SITE_REFUSAL, isCrossSiteWrite } from '@/server/http/same-origin';
import { appRouter } from '@/server/routers/_app';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => {
      // Refused in tRPC's own error shape, so the browser's client reads it as a refusal and stops retrying.
      if (isCrossSiteWrite(req)) throw new TRPCError({ code: 'FORBIDDEN', message: CROSS_SITE_REFUSAL });
      return createContext({ db: getDb(), headers: req.headers, resHeaders, url: req.url });
    },
    onError({ error, path }) {
      // Refusals are answers, not faults: only unexpected errors are logged.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
