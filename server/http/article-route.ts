// The shared door of the per-article GET routes (exports, JSON-LD): a bad or
// unknown id is a 404, anything else that fails is a real error.
import 'server-only';
import { getDb, type Db } from '@/db/client';
import { AppError } from '../errors';

type Params = { params: Promise<{ id: string }> };

export function articleRoute(
  handler: (ctx: { db: Db; articleId: number; request: Request; url: URL }) => Response,
  notFoundType: 'text' | 'json' = 'text',
) {
  return async function GET(request: Request, { params }: Params): Promise<Response> {
    const { id } = await params;
    if (!/^\d{1,15}$/.test(id)) return notFound(notFoundType);
    try {
      return handler({ db: getDb(), articleId: Number(id), request, url: new URL(request.url) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return notFound(notFoundType);
      throw error;
    }
  };
}

function notFound(type: 'text' | 'json'): Response {
  return type === 'json'
    ? new Response(JSON.stringify({ error: 'Article not found' }), { status: 404, headers: { 'Content-Type': 'application/json' } })
    : new Response('Article not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
