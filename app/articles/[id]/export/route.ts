import { articleRoute } from '@/server/http/article-route';
import { claimReviewUrlSetting, exportArticleHtml, exportFileName } from '@/server/services/export';
import { publicOrigin } from '@/server/services/public-url';

export const dynamic = 'force-dynamic';

/** `/articles/[id]/export` publishes final annotations; `?drafts=1` adds drafts, marked as such. */
export const GET = articleRoute(({ db, articleId, request, url }) => {
  const { title, html } = exportArticleHtml(db, articleId, {
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
});
