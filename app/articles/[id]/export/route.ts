import { getDb } from '@/db/client';
import { AppError } from '@/server/errors';
import { exportArticleHtml, exportFileName } from '@/server/services/export';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) return notFound();
  try {
    const { title, html } = exportArticleHtml(getDb(), Number(id));
    const name = exportFileName(title);
    return new Response(html, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`,
        // The page is meant to run nothing and load nothing; say so to the browser too.
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
