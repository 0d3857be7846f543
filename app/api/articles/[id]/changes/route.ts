import { z } from 'zod';
import { changeCursorSchema, revisionNumberSchema } from '@/server/domain/annotation.types';
import { answer, articleRoute } from '@/server/http/article-route';
import { etagOf, matchesCursor } from '@/server/http/cursor-etag';
import { CROSS_SITE_REFUSAL, isCrossSiteRead } from '@/server/http/same-origin';

export const dynamic = 'force-dynamic';

// Revalidated on every use, and only by this person's browser: it holds their article's annotations.
const CACHE_CONTROL = 'no-cache, private';

const sinceParam = z
  .string({ error: 'Say since which change: ?since=N' })
  .regex(/^\d{1,16}$/, 'since must be a whole number, 0 or more')
  .transform(Number)
  .pipe(changeCursorSchema);

const revisionParam = z
  .string()
  .regex(/^\d{1,9}$/, 'revision must be a whole number, 1 or more')
  .transform(Number)
  .pipe(revisionNumberSchema)
  .optional();

const notModified = (cursor: number) =>
  new Response(null, { status: 304, headers: { ETag: etagOf(cursor), 'Cache-Control': CACHE_CONTROL } });

/**
 * The editor's poll: what changed in the article's annotations after `since`
 * (an index's or a previous answer's cursor). While nothing changes it costs
 * one indexed lookup and answers 304 without a body.
 */
const changes = articleRoute(async ({ caller, articleId, request, url }) => {
  const since = sinceParam.safeParse(url.searchParams.get('since') ?? undefined);
  if (!since.success) return answer('json', 400, since.error.issues[0].message);
  const revision = revisionParam.safeParse(url.searchParams.get('revision') ?? undefined);
  if (!revision.success) return answer('json', 400, revision.error.issues[0].message);
  const { cursor } = await caller.annotation.cursor({ articleId });
  if (since.data <= cursor && (since.data === cursor || matchesCursor(request.headers.get('if-none-match'), cursor)))
    return notModified(cursor);
  const result = await caller.annotation.changes({ articleId, since: since.data, revision: revision.data });
  return new Response(JSON.stringify(result), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      ETag: etagOf(result.cursor),
      'Cache-Control': CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}, 'json');

/** As tRPC queries are: another site's page cannot make a signed-in browser poll (the app's fetch sends x-factcheck-client: 1). */
export const GET: typeof changes = (request, context) =>
  isCrossSiteRead(request) ? Promise.resolve(answer('json', 403, CROSS_SITE_REFUSAL)) : changes(request, context);
