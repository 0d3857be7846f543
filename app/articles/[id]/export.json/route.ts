import { getDb } from '@/db/client';
import { AppError } from '@/server/errors';
import { publicOrigin } from '@/server/services/public-url';
import { claimReviewUrlSetting, exportArticleJson } from '@/server/services/export';

export const dynamic = 'force-dynamic';

/** The export's data as JSON for other tools: the same model the HTML page is rendered from. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) return notFound();
  const url = new URL(request.url);
  try {
    const data = exportArticleJson(getDb(), Number(id), {
      includeDrafts: url.searchParams.get('drafts') === '1',
      exportUrl: `${publicOrigin(request)}/articles/${id}/export`,
      claimReviewUrl: claimReviewUrlSetting(),
    });
    return new Response(JSON.stringify(data, null, 2), {
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return notFound();
    throw error;
  }
}

function notFound() {
  return new Response(JSON.stringify({ error: 'Article not found' }), { status: 404, headers: { 'Content-Type': 'application/json' } });
}
