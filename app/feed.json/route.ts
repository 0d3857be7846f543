import { jsonFeedResponse } from '@/server/http/public-route';

export const dynamic = 'force-dynamic';

/** Every published ClaimReview as a schema.org DataFeed. */
export function GET(request: Request) {
  return jsonFeedResponse(request);
}
