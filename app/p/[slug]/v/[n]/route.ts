import { publicPageResponse } from '@/server/http/public-route';

export const dynamic = 'force-dynamic';

/** An earlier version of a published fact-check, as readers saw it. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; n: string }> }) {
  const { slug, n } = await params;
  return publicPageResponse(request, slug, n);
}
