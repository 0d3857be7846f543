// Articles: import, list, load, edit their details, delete and restore. Knows nothing of HTTP.
import 'server-only';
import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db, DbOrTx } from '@/db/client';
import { annotations, articles, events, type ArticleRow } from '@/db/schema';
import { articleDocFromJSON } from '../domain/article-schema';
import {
  ARTICLE_DETAIL_FIELDS,
  type ArticleDetails,
  type importArticleInput,
  type importFileInput,
  type updateArticleDetailsInput,
} from '../domain/article.types';
import { storedBodyOf, type StoredBody } from '../domain/plain-text';
import type { Actor } from '../domain/roles';
import { notFound } from '../errors';
import { recordEvent } from './events';
import { indexArticle, indexArticleDetails, unindexArticle } from './search-index';
import { documentOf, fromFile, fromText, fromUrl } from './article-sources';
import { WHOLE_ARTICLE, withTx } from './transaction';
import { rawRun } from '@/db/raw';
import { buildTextIndex } from '../domain/text-position';
import { insertImported, placeholderVerdict, resolveImports } from './imported-annotations';
import { listVerdicts } from './verdicts';
import type { z } from 'zod';

export interface ArticleSummary {
  id: number;
  title: string;
  createdAt: string;
  updatedAt: string;
  annotationCount: number;
}

/** A subquery (built, not run). */
async function liveAnnotationCounts(db: DbOrTx) {
  return await db
    .select({ articleId: annotations.articleId, n: count().as('n') })
    .from(annotations)
    .where(isNull(annotations.deletedAt))
    .groupBy(annotations.articleId)
    .as('live');
}

export async function listArticles(db: Db): Promise<ArticleSummary[]> {
  const live = await liveAnnotationCounts(db);
  return await db
    .select({
      id: articles.id,
      title: articles.title,
      createdAt: articles.createdAt,
      updatedAt: articles.updatedAt,
      annotationCount: sql<number>`coalesce(${live.n}, 0)`,
    })
    .from(articles)
    .leftJoin(live, eq(live.articleId, articles.id))
    .where(isNull(articles.deletedAt))
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .all();
}

export const missing = (id: number) => notFound(`Article ${id} does not exist`);

/** A deleted article is missing for every read and write but restoring it. */
export async function getArticleRow(db: DbOrTx, id: number): Promise<ArticleRow> {
  const row = await db
    .select()
    .from(articles)
    .where(and(eq(articles.id, id), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(id);
  return row;
}

/** The row but its body and plain text (megabytes for a long article). */
export async function articleDetailsRow(db: DbOrTx, id: number): Promise<ArticleDetails> {
  const row = await db
    .select({
      id: articles.id,
      title: articles.title,
      sourceUrl: articles.sourceUrl,
      byline: articles.byline,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .where(and(eq(articles.id, id), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(id);
  return row;
}

/** The same check as getArticleRow without reading the row: its body can be megabytes. */
export async function requireLiveArticle(db: DbOrTx, id: number): Promise<void> {
  const row = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.id, id), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(id);
}

/** Only the title (the page's <title> on every view): neither the body read nor parsed. */
export async function articleTitle(db: DbOrTx, id: number): Promise<string> {
  const row = await db
    .select({ title: articles.title })
    .from(articles)
    .where(and(eq(articles.id, id), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(id);
  return row.title;
}

export async function loadArticle(db: DbOrTx, id: number): Promise<{ row: ArticleRow; doc: PMNode }> {
  const row = await getArticleRow(db, id);
  return { row, doc: articleDocFromJSON(row.body) };
}

export async function createArticleFromImport(
  db: Db,
  actor: Actor,
  input: z.output<typeof importArticleInput>,
): Promise<{ id: number; title: string }> {
  const { title, body } = await fromText(input, actor.id);
  return withTx(
    db,
    async (tx) =>
      await recorded(
        tx,
        actor,
        await insertArticle(tx, { title, body, sourceUrl: input.sourceUrl, byline: input.byline, publishedAt: input.publishedAt }),
      ),
    WHOLE_ARTICLE,
  );
}

/**
 * A Word draft or PDF report; `notes` say what was left out on the way in.
 * The Word comments the person chose to bring in are written with the
 * article, in the same transaction, as drafts marked "Needs a verdict".
 */
export async function createArticleFromFile(
  db: Db,
  actor: Actor,
  input: z.output<typeof importFileInput>,
): Promise<{ id: number; title: string; notes: string[] }> {
  const { notes, drafts, ...imported } = await fromFile(input, actor.id);
  const placeholder = drafts?.annotations.length ? placeholderVerdict(await listVerdicts(db)) : '';
  const problems = [...(drafts?.problems ?? [])];
  const resolved = drafts ? resolveImports(drafts.annotations, [], problems, { resolveVerdicts: false }) : [];
  // Only Word comments need the document itself here, to place their drafts; everything else writes the worker's strings.
  const doc = drafts ? documentOf(imported.body) : null;
  return withTx(
    db,
    async (tx) => {
      const { title, body } = imported;
      const article = await recorded(
        tx,
        actor,
        await insertArticle(tx, { title, body, sourceUrl: input.sourceUrl, byline: input.byline, publishedAt: input.publishedAt }),
      );
      if (!drafts || !doc) return { ...article, notes };
      const at = { articleId: article.id, doc, index: buildTextIndex(doc), revision: 1, placeholder };
      const { unplaced } = await insertImported(tx, actor, at, resolved, drafts.placements);
      return { ...article, notes: [...notes, ...commentNotes(resolved.length, unplaced), ...problems] };
    },
    WHOLE_ARTICLE,
  );
}

/** What became of the Word comments, in sentences. */
function commentNotes(count: number, unplaced: string[]): string[] {
  if (count === 0) return [];
  const notes = [
    `${count === 1 ? '1 Word comment was' : `${count.toLocaleString('en-US')} Word comments were`} brought in as draft annotations marked “Needs a verdict”, each credited to its author.`,
  ];
  if (unplaced.length) {
    const quotes = unplaced.slice(0, 20).map((q) => `“${q.length > 80 ? `${q.slice(0, 80)}…` : q}”`);
    notes.push(
      `Not placed on the text (under “Needs re-anchoring”): ${quotes.join('; ')}${unplaced.length > 20 ? ` and ${unplaced.length - 20} more` : ''}.`,
    );
  }
  return notes;
}

export async function createArticleFromUrl(db: Db, actor: Actor, url: string): Promise<{ id: number; title: string }> {
  const imported = await fromUrl(url, actor.id);
  return withTx(db, async (tx) => await recorded(tx, actor, await insertArticle(tx, imported)), WHOLE_ARTICLE);
}

async function recorded(tx: DbOrTx, actor: Actor, article: { id: number; title: string }) {
  await indexArticle(tx, article.id);
  await recordEvent(tx, { type: 'article.created', actor, articleId: article.id, after: { title: article.title } });
  return article;
}

/** A new article and its first revision. Call inside a transaction. */
export async function insertArticle(
  db: DbOrTx,
  article: { title: string; sourceUrl?: string | null; byline?: string | null; publishedAt?: string | null } & (
    | { doc: PMNode }
    | { body: StoredBody }
  ),
): Promise<{ id: number; title: string }> {
  const stored = 'body' in article ? article.body : storedBodyOf(article.doc);
  // Written as the JSON text it already is: the column's JSON mode would serialise it again.
  const body = sql`${stored.json}`;
  const { plainText } = stored;
  const row = await db
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
  // The first revision copied from the row by the database: the text is sent to it once (2 MB and its JSON, for a long article).
  await rawRun(
    db,
    sql`INSERT INTO article_revisions (article_id, number, title, body, plain_text, source_url)
    SELECT id, 1, title, body, plain_text, source_url FROM articles WHERE id = ${row.id}`,
  );
  return row;
}

/**
 * Title, source URL, byline and publication date; the text is untouched (its
 * headline included, which changes with a new revision). Only the fields that
 * differ are recorded, and saving the same values records nothing.
 */
export async function updateArticleDetails(
  db: Db,
  actor: Actor,
  input: z.output<typeof updateArticleDetailsInput>,
): Promise<ArticleDetails> {
  return withTx(
    db,
    async (tx) => {
      const current = await articleDetailsRow(tx, input.id);
      const before: Partial<ArticleDetails> = {};
      const after: Partial<ArticleDetails> = {};
      for (const field of ARTICLE_DETAIL_FIELDS) {
        if (current[field] === input[field]) continue;
        Object.assign(before, { [field]: current[field] });
        Object.assign(after, { [field]: input[field] });
      }
      if (Object.keys(after).length === 0) return current;
      await tx
        .update(articles)
        .set({ ...after, updatedAt: new Date().toISOString() })
        .where(eq(articles.id, input.id))
        .run();
      await recordEvent(tx, { type: 'article.details_changed', actor, articleId: input.id, before, after });
      await indexArticleDetails(tx, input.id);
      return await articleDetailsRow(tx, input.id);
      // A new title rewrites the article's row of the full-text index, its whole text with it.
    },
    WHOLE_ARTICLE,
  );
}

async function liveAnnotationCount(db: DbOrTx, articleId: number): Promise<number> {
  return (await db
    .select({ n: count() })
    .from(annotations)
    .where(and(eq(annotations.articleId, articleId), isNull(annotations.deletedAt)))
    .get())!.n;
}

/**
 * A soft delete: the row, its revisions, annotations and history stay, so that
 * an editor can bring it all back; until then it is missing everywhere.
 */
export async function deleteArticle(db: Db, actor: Actor, id: number): Promise<{ id: number; title: string; annotationCount: number }> {
  return withTx(
    db,
    async (tx) => {
      const row = await articleDetailsRow(tx, id);
      const annotationCount = await liveAnnotationCount(tx, id);
      await tx.update(articles).set({ deletedAt: new Date().toISOString() }).where(eq(articles.id, id)).run();
      await recordEvent(tx, { type: 'article.deleted', actor, articleId: id, before: { title: row.title, annotationCount } });
      await unindexArticle(tx, id);
      return { id, title: row.title, annotationCount };
    },
    WHOLE_ARTICLE,
  );
}

export async function restoreArticle(db: Db, actor: Actor, id: number): Promise<ArticleSummary> {
  return withTx(
    db,
    async (tx) => {
      const row = await tx.select().from(articles).where(eq(articles.id, id)).get();
      if (!row) throw missing(id);
      // Two editors pressing Restore at once both get the article back; only the first is recorded.
      if (row.deletedAt) {
        await tx.update(articles).set({ deletedAt: null }).where(eq(articles.id, id)).run();
        await recordEvent(tx, { type: 'article.restored', actor, articleId: id, after: { title: row.title } });
        await indexArticle(tx, id);
      }
      return {
        id,
        title: row.title,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        annotationCount: await liveAnnotationCount(tx, id),
      };
    },
    WHOLE_ARTICLE,
  );
}

export interface DeletedArticle {
  id: number;
  title: string;
  deletedAt: string;
  /** From the history: who pressed Delete. */
  deletedBy: string;
  annotationCount: number;
}

/** Deleted articles, most recently deleted first. */
export async function listDeletedArticles(db: DbOrTx, limit = 50): Promise<DeletedArticle[]> {
  const live = await liveAnnotationCounts(db);
  const rows = await db
    .select({ id: articles.id, title: articles.title, deletedAt: articles.deletedAt, annotationCount: sql<number>`coalesce(${live.n}, 0)` })
    .from(articles)
    .leftJoin(live, eq(live.articleId, articles.id))
    .where(isNotNull(articles.deletedAt))
    .orderBy(desc(articles.deletedAt), desc(articles.id))
    .limit(limit)
    .all();
  return Promise.all(
    rows.map(async (row) => {
      const deletion = await db
        .select({ actorName: events.actorName })
        .from(events)
        .where(and(eq(events.articleId, row.id), eq(events.type, 'article.deleted')))
        .orderBy(desc(events.id))
        .limit(1)
        .get();
      return { ...row, deletedAt: row.deletedAt!, deletedBy: deletion?.actorName ?? 'someone' };
    }),
  );
}
