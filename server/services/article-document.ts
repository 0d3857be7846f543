// The article's document as stored: the JSON text the import worker made,
// read without parsing. The editor page loads it apart from the page (the
// browser parses it), so a 2 MB article is sent once, as its own JSON, never
// escaped into the page's payload or parsed and serialised again here.
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articles } from '@/db/schema';
import { missing, requireLiveArticle } from './articles';
import { currentRevision } from './revisions';

export interface StoredDocument {
  revision: number;
  /** The document's JSON text; null when the caller already holds this revision (`unless`). */
  json: string | null;
}

export async function storedDocument(db: DbOrTx, articleId: number, unless?: number): Promise<StoredDocument> {
  await requireLiveArticle(db, articleId);
  const revision = await currentRevision(db, articleId);
  if (unless === revision) return { revision, json: null };
  // The column as text: selected through `sql`, drizzle hands it over without its JSON mode's parse; the cast is
  // for PostgreSQL, whose driver parses a json column itself (json keeps the text as written, so ::text is that text).
  const row = await db
    .select({ json: sql<string>`cast(${articles.body} as text)` })
    .from(articles)
    .where(eq(articles.id, articleId))
    .get();
  if (!row) throw missing(articleId);
  return { revision, json: row.json };
}
