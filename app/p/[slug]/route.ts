import { publicPageResponse } from '@/server/http/public-route';

export const dynamic = 'force-dynamic';

/** A published fact-check's current version, for anyone: no sign-in. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return publicPageResponse(request, slug, null);
}
