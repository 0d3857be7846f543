import { articleRoute } from '@/server/http/article-route';

export const dynamic = 'force-dynamic';

/** The article's annotations as a W3C Web Annotation collection. */
export const GET = articleRoute(async ({ caller, articleId }) => {
  const collection = await caller.export.webAnnotations({ articleId });
  return new Response(JSON.stringify(collection, null, 2), {
    headers: {
      'Content-Type': 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
      'Content-Disposition': `inline; filename="article-${articleId}-annotations.jsonld"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}, 'json');
