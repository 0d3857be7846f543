// Articles: import, list, load. Knows nothing of HTTP.
import 'server-only';
import { count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db, DbOrTx } from '@/db/client';
import { annotations, articleRevisions, articles, type ArticleRow } from '@/db/schema';
import { articleDocFromJSON } from '../domain/article-schema';
import type { importArticleInput } from '../domain/article.types';
import { plainTextOf } from '../domain/plain-text';
import type { Actor } from '../domain/roles';
import { notFound } from '../errors';
import { recordEvent } from './events';
import { fromText, fromUrl } from './article-sources';
import type { z } from 'zod';

export interface ArticleSummary {
  id: number;
  title: string;
  createdAt: string;
  updatedAt: string;
  annotationCount: number;
}

export function listArticles(db: Db): ArticleSummary[] {
  const live = db
    .select({ articleId: annotations.articleId, n: count().as('n') })
    .from(annotations)
    .where(isNull(annotations.deletedAt))
    .groupBy(annotations.articleId)
    .as('live');
  return db
    .select({
      id: articles.id,
      title: articles.title,
      createdAt: articles.createdAt,
      updatedAt: articles.updatedAt,
      annotationCount: sql<number>`coalesce(${live.n}, 0)`,
    })
    .from(articles)
    .leftJoin(live, eq(live.articleId, articles.id))
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .all();
}

export function getArticleRow(db: DbOrTx, id: number): ArticleRow {
  const row = db.select().from(articles).where(eq(articles.id, id)).get();
  if (!row) throw notFound(`Article ${id} does not exist`);
  return row;
}

export function loadArticle(db: DbOrTx, id: number): { row: ArticleRow; doc: PMNode } {
  const row = getArticleRow(db, id);
  return { row, doc: articleDocFromJSON(row.body) };
}

export function createArticleFromImport(db: Db, actor: Actor, input: z.output<typeof importArticleInput>): { id: number; title: string } {
  const imported = fromText(input);
  return db.transaction((tx) => recorded(tx, actor, insertArticle(tx, { ...imported, sourceUrl: input.sourceUrl, byline: input.byline, publishedAt: input.publishedAt })));
}

export async function createArticleFromUrl(db: Db, actor: Actor, url: string): Promise<{ id: number; title: string }> {
  const imported = await fromUrl(url);
  return db.transaction((tx) => recorded(tx, actor, insertArticle(tx, imported)));
}

function recorded(tx: DbOrTx, actor: Actor, article: { id: number; title: string }) {
  recordEvent(tx, { type: 'article.created', actor, articleId: article.id, after: { title: article.title } });
  return article;
}

/** A new article and its first revision. Call inside a transaction. */
export function insertArticle(
  db: DbOrTx,
  article: { title: string; doc: PMNode; sourceUrl?: string | null; byline?: string | null; publishedAt?: string | null },
): { id: number; title: string } {
  const body = article.doc.toJSON();
  const plainText = plainTextOf(article.doc);
  const row = db
    .insert(articles)
    .values({
      title: article.title,
      body,
      plainText,
      sourceUrl: article.sourceUrl ?? null,
      byline: article.byline ?? null,
      publishedAt: article.publishedAt ?? null,
    })
    .returning({ id: articles.id, title: articles.title })
    .get();
  db.insert(articleRevisions)
    .values({ articleId: row.id, number: 1, title: article.title, body, plainText, sourceUrl: article.sourceUrl ?? null })
    .run();
  return row;
}
