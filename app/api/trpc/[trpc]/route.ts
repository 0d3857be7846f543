import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getDb } from '@/db/client';
import { isCrossSiteWrite } from '@/server/http/same-origin';
import { appRouter } from '@/server/routers/_app';

function handler(req: Request) {
  if (isCrossSiteWrite(req)) {
    return Response.json({ error: { message: 'Refused: this request came from another site' } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => ({ db: getDb() }),
    onError({ error, path }) {
      // Refusals are answers, not faults: only unexpected errors are logged.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
