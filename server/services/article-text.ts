// An article's parsed text, kept between writes: parsing the ProseMirror JSON
// of a 50,000-word article and indexing its plain text costs far more than the
// write that needs them, and the text changes only with a new revision.
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db } from '@/db/client';
import { articles } from '@/db/schema';
import { articleDocFromJSON } from '../domain/article-schema';
import { buildTextIndex, type TextIndex } from '../domain/text-position';
import { missing } from './articles';

export interface ArticleText {
  doc: PMNode;
  index: TextIndex;
  /** The revision this text is, for the annotations anchored on it. */
  revision: number;
}

/** A few articles are being annotated at once; a long one holds a few megabytes here. */
export const CAPACITY = 8;

interface Entry extends ArticleText {
  key: string;
}

// Per database, since tests open many whose article ids repeat. Least recently used goes first.
const caches = new WeakMap<Db, LRUCache<number, Entry>>();

/**
 * What changes whenever the body does: every new text is a new revision
 * (addRevision writes the revision and articles.body together, and a restored
 * text is a new revision too), and updated_at moves with it. The revision
 * number alone would do within one database; updated_at also catches a file
 * swapped under a running server.
 */
async function current(db: Db, articleId: number, withBody: boolean) {
  const row = await db
    .select({
      updatedAt: articles.updatedAt,
      revision: sql<number | null>`(select max(r.number) from article_revisions r where r.article_id = ${articleId})`,
      ...(withBody ? { body: articles.body } : {}),
    })
    .from(articles)
    .where(and(eq(articles.id, articleId), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(articleId);
  const revision = row.revision ?? 1;
  return { key: `${revision}|${row.updatedAt}`, revision, body: 'body' in row ? row.body : undefined };
}

/** The live article's current text, parsed and indexed; its body is read only when it changed since last time. */
export async function articleText(db: Db, articleId: number): Promise<ArticleText> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache<number, Entry>({ max: CAPACITY });
    caches.set(db, cache);
  }
  // get() marks the entry as the most recently used.
  const hit = cache.get(articleId);
  if (hit && hit.key === (await current(db, articleId, false)).key) return hit;
  // Key and body from one statement, so that a revision landing meanwhile cannot file a text under another's key.
  const { key, revision, body } = await current(db, articleId, true);
  const doc = articleDocFromJSON(body);
  const entry: Entry = { key, doc, index: buildTextIndex(doc), revision };
  cache.set(articleId, entry);
  return entry;
}
