import { articleRoute } from '@/server/http/article-route';

export const dynamic = 'force-dynamic';

/** The export's data as JSON for other tools: the same model the HTML page is rendered from. */
export const GET = articleRoute(async ({ caller, articleId, url }) => {
  const data = await caller.export.json({ articleId, includeDrafts: url.searchParams.get('drafts') === '1' });
  return new Response(JSON.stringify(data, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
  });
}, 'json');
