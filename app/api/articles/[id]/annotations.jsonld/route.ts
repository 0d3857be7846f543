import { articleRoute } from '@/server/http/article-route';
import { publicOrigin } from '@/server/services/public-url';
import { exportWebAnnotations } from '@/server/services/web-annotations';

export const dynamic = 'force-dynamic';

/** The article's annotations as a W3C Web Annotation collection. */
export const GET = articleRoute(({ db, articleId, request }) => {
  const collection = exportWebAnnotations(db, articleId, publicOrigin(request));
  return new Response(JSON.stringify(collection, null, 2), {
    headers: {
      'Content-Type': 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
      'Content-Disposition': `inline; filename="article-${articleId}-annotations.jsonld"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}, 'json');
