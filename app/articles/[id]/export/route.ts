import { getDb } from '@/db/client';
import { AppError } from '@/server/errors';
import { publicOrigin } from '@/server/services/public-url';
import { claimReviewUrlSetting, exportArticleHtml, exportFileName } from '@/server/services/export';

export const dynamic = 'force-dynamic';

/** `/articles/[id]/export` publishes final annotations; `?drafts=1` adds drafts, marked as such. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) return notFound();
  const url = new URL(request.url);
  try {
    const { title, html } = exportArticleHtml(getDb(), Number(id), {
      includeDrafts: url.searchParams.get('drafts') === '1',
      exportUrl: `${publicOrigin(request)}${url.pathname}`,
      claimReviewUrl: claimReviewUrlSetting(),
    });
    const name = exportFileName(title);
    return new Response(html, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`,
        // The page runs no script of its own (the JSON-LD block is data) and loads nothing; say so to the browser too.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return notFound();
    throw error;
  }
}

function notFound() {
  return new Response('Article not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
