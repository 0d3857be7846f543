// The public addresses of published checks, shared by publishing, readiness and the export.
import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { publications } from '@/db/schema';
import { publicBaseUrl } from './public-url';
import { getOrganisation } from './settings';

/** Where readers reach the app: FACTCHECK_PUBLIC_URL, the address in Settings, or the request's origin. */
export async function siteBase(db: DbOrTx, origin: string): Promise<string> {
  return publicBaseUrl((await getOrganisation(db)).publicUrl, origin);
}

export function publicPath(slug: string, version?: number): string {
  return version ? `/p/${slug}/v/${version}` : `/p/${slug}`;
}

/** Where ClaimReview `url`s point for this article: the desk's own page when set, else its public page. */
export async function reviewBaseFor(db: DbOrTx, articleId: number, origin: string): Promise<string | null> {
  const row = await db.select().from(publications).where(eq(publications.articleId, articleId)).get();
  if (row?.externalUrl) return row.externalUrl;
  return row ? `${await siteBase(db, origin)}${publicPath(row.slug)}` : null;
}
