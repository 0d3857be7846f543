import { articleRoute } from '@/server/http/article-route';

export const dynamic = 'force-dynamic';

/** `/articles/[id]/export` publishes final annotations; `?drafts=1` adds drafts, marked as such. */
export const GET = articleRoute(async ({ caller, articleId, url }) => {
  const { html, fileName } = await caller.export.html({ articleId, includeDrafts: url.searchParams.get('drafts') === '1' });
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName.ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.utf8)}`,
      // The page runs no script of its own (the JSON-LD block is data) and loads nothing; say so to the browser too.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
});
