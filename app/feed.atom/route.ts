import { atomFeedResponse } from '@/server/http/public-route';

export const dynamic = 'force-dynamic';

/** Published checks as an Atom feed. */
export function GET(request: Request) {
  return atomFeedResponse(request);
}
