import { getDb } from '@/db/client';
import { AppError } from '@/server/errors';
import { publicOrigin } from '@/server/services/public-url';
import { exportWebAnnotations } from '@/server/services/web-annotations';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) return notFound();
  try {
    const collection = exportWebAnnotations(getDb(), Number(id), publicOrigin(request));
    return new Response(JSON.stringify(collection, null, 2), {
      headers: {
        'Content-Type': 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
        'Content-Disposition': `inline; filename="article-${id}-annotations.jsonld"`,
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
  return new Response(JSON.stringify({ error: 'Article not found' }), { status: 404, headers: { 'Content-Type': 'application/json' } });
}
