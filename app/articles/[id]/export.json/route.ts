import { articleRoute } from '@/server/http/article-route';
import { claimReviewUrlSetting, exportArticleJson } from '@/server/services/export';
import { publicOrigin } from '@/server/services/public-url';

export const dynamic = 'force-dynamic';

/** The export's data as JSON for other tools: the same model the HTML page is rendered from. */
export const GET = articleRoute(({ db, articleId, request, url }) => {
  const data = exportArticleJson(db, articleId, {
    includeDrafts: url.searchParams.get('drafts') === '1',
    exportUrl: `${publicOrigin(request)}/articles/${articleId}/export`,
    claimReviewUrl: claimReviewUrlSetting(),
  });
  return new Response(JSON.stringify(data, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
  });
}, 'json');
