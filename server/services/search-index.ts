import { rawAll, rawGet, rawRun } from '@/db/raw';
import { searchDialect } from '@/db/search';
// Writes the search index (tables in db/migrations/0008_search_index.sql).
// Every service that changes what is searchable calls one of these inside its
// own transaction, so the index never disagrees with what was saved: a saved
// annotation is found at once, a deleted one (or one of a deleted article) is
// gone at once, and a failed write leaves both unchanged.
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { claimTerms } from './search-terms';
import { WHOLE_ARTICLE, withTx } from './transaction';

/** Changes when what the index holds changes shape: a database indexed by another version is rebuilt. */
export const SEARCH_INDEX_VERSION = '2';
const META_KEY = 'search_index_version';

/** The marks snippet() puts around matched terms; never part of indexed text. */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';
/** The column the search tables key their rows by: rowid on SQLite, id on PostgreSQL. */
const key = searchDialect.key;
const clean = (text: string | null | undefined) => (text ?? '').replace(/[\u0002\u0003]/g, ' ');

/** Han, Hiragana, Katakana, Hangul: text written without spaces between words, which only the trigram table finds. */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The row's id, with its words and trigrams cleared for rewriting (its claim terms are compared first: see writeClaimTerms). */
async function docId(db: DbOrTx, kind: 'article' | 'annotation', ref: string, articleId: number): Promise<number> {
  // Looked up first: an existing row (every update) is not written at all, which an upsert would do.
  const found = await rawGet<{ id: number; articleId: number } | undefined>(
    db,
    sql`SELECT id, article_id AS "articleId" FROM search_docs WHERE kind = ${kind} AND ref = ${ref}`,
  );
  if (!found) {
    const row = await rawGet<{ id: number }>(
      db,
      sql`INSERT INTO search_docs (kind, ref, article_id) VALUES (${kind}, ${ref}, ${articleId}) RETURNING id`,
    );
    return row.id;
  }
  if (found.articleId !== articleId) await rawRun(db, sql`UPDATE search_docs SET article_id = ${articleId} WHERE id = ${found.id}`);
  await rawRun(db, sql`DELETE FROM search_fts WHERE ${key} = ${found.id}`);
  await rawRun(db, sql`DELETE FROM search_trigram WHERE ${key} = ${found.id}`);
  return found.id;
}

/** Trigrams cost a token per character: only text with CJK in it (no spaces between words) goes there. */
async function writeTrigrams(db: DbOrTx, id: number, text: string): Promise<void> {
  if (CJK.test(text)) await rawRun(db, sql`INSERT INTO search_trigram (${key}, text) VALUES (${id}, ${clean(text)})`);
}

/**
 * The claim's terms of recent texts: an edit of the rationale or evidence keeps the quote, and working out its terms
 * again (stemming, numbers, synonyms) was a fifth of what indexing a write cost. Pure, so a cache cannot go stale.
 */
const recentTerms = new Map<string, string>();
const RECENT_TERMS = 2_000;
function termsOf(text: string): string {
  let terms = recentTerms.get(text);
  if (terms === undefined) {
    terms = claimTerms(text).join(' ');
    if (recentTerms.size >= RECENT_TERMS) recentTerms.delete(recentTerms.keys().next().value as string);
    recentTerms.set(text, terms);
  }
  return terms;
}

/** An edit of the rationale or evidence leaves the claim's terms as they were: they are rewritten only when they change. */
async function writeClaimTerms(db: DbOrTx, id: number, text: string): Promise<void> {
  const terms = termsOf(text);
  const stored = await rawGet<{ terms: string } | undefined>(db, sql`SELECT terms FROM claim_fts WHERE ${key} = ${id}`);
  if (stored?.terms === terms) return;
  if (stored) await rawRun(db, sql`DELETE FROM claim_fts WHERE ${key} = ${id}`);
  if (terms) await rawRun(db, sql`INSERT INTO claim_fts (${key}, terms) VALUES (${id}, ${terms})`);
}

async function removeDoc(db: DbOrTx, kind: 'article' | 'annotation', ref: string): Promise<void> {
  // The trigger search_docs_delete takes the FTS rows with it.
  await rawRun(db, sql`DELETE FROM search_docs WHERE kind = ${kind} AND ref = ${ref}`);
}

interface AnnotationSource {
  id: string;
  articleId: number;
  exact: string;
  claimSummary: string;
  claimAuthor: string | null;
  rationale: string;
  deletedAt: string | null;
  articleDeletedAt: string | null;
  /** Each evidence link as "title url", one a line, in order. */
  evidence: string | null;
  /** The live comments' bodies, one a line, oldest first. */
  comments: string | null;
}

// Only the write benchmark turns indexing off, to measure what a write costs without it.
let indexing = true;
export function setIndexingForBenchmark(on: boolean): void {
  indexing = on;
}

/** An annotation's evidence and comments as the index holds them, read in the same statement as the annotation. */
const EVIDENCE_AND_COMMENTS = sql`
  (SELECT ${searchDialect.joinLines(sql`e.title || ' ' || e.url`, sql`e.position`)} FROM evidence e WHERE e.annotation_id = a.id) AS evidence,
  (SELECT ${searchDialect.joinLines(sql`c.body`, sql`c.created_at`)} FROM comments c WHERE c.annotation_id = a.id AND c.deleted_at IS NULL) AS comments`;

/** Indexes one annotation as it now is, or removes it when it (or its article) is deleted. */
export async function indexAnnotation(db: DbOrTx, id: string): Promise<void> {
  if (!indexing) return;
  const row = await rawGet<AnnotationSource | undefined>(
    db,
    sql`
    SELECT a.id, a.article_id AS "articleId", a.exact, a.claim_summary AS "claimSummary", a.claim_author AS "claimAuthor",
           a.rationale, a.deleted_at AS "deletedAt", ar.deleted_at AS "articleDeletedAt", ${EVIDENCE_AND_COMMENTS}
    FROM annotations a JOIN articles ar ON ar.id = a.article_id WHERE a.id = ${id}`,
  );
  if (!row || row.deletedAt || row.articleDeletedAt) {
    await removeDoc(db, 'annotation', id);
    return;
  }
  await writeAnnotation(db, row);
}

/** The annotation's row of search_fts as it is indexed now, with its search_docs id (none: never indexed). */
interface IndexedAnnotation {
  id: number;
  articleId: number;
  quote: string | null;
  claim: string | null;
  rationale: string | null;
  evidence: string | null;
  comments: string | null;
}

async function writeAnnotation(db: DbOrTx, row: AnnotationSource): Promise<void> {
  const text = {
    quote: clean(row.exact),
    claim: clean([row.claimSummary, row.claimAuthor ?? ''].filter(Boolean).join('\n')),
    rationale: clean(row.rationale),
    evidence: clean(row.evidence),
    comments: clean(row.comments),
  };
  // The row as indexed, in the statement that finds its id: most saves (a verdict, a status, an assignment) change
  // none of its words, and FTS5 rewrites a row only by tokenizing the old text to delete it and the new to insert it.
  const indexed = await rawGet<IndexedAnnotation | undefined>(
    db,
    sql`
    SELECT d.id, d.article_id AS "articleId", f.quote, f.claim, f.rationale, f.evidence, f.comments
    FROM search_docs d LEFT JOIN search_fts f ON f.${key} = d.id WHERE d.kind = 'annotation' AND d.ref = ${row.id}`,
  );
  const claimText = `${row.exact}\n${row.claimSummary}`;
  if (!indexed) {
    const { id } = await rawGet<{ id: number }>(
      db,
      sql`INSERT INTO search_docs (kind, ref, article_id) VALUES ('annotation', ${row.id}, ${row.articleId}) RETURNING id`,
    );
    await insertAnnotationRow(db, id, row, text);
    // A new row has no claim terms to compare with.
    const terms = termsOf(claimText);
    if (terms) await rawRun(db, sql`INSERT INTO claim_fts (${key}, terms) VALUES (${id}, ${terms})`);
    return;
  }
  const { id } = indexed;
  if (indexed.articleId !== row.articleId) await rawRun(db, sql`UPDATE search_docs SET article_id = ${row.articleId} WHERE id = ${id}`);
  const fields = ['quote', 'claim', 'rationale', 'evidence', 'comments'] as const;
  if (fields.some((field) => indexed[field] !== text[field])) {
    if (indexed.quote !== null) await rawRun(db, sql`DELETE FROM search_fts WHERE ${key} = ${id}`);
    // Only text with CJK in it has a trigram row (writeTrigrams): the others have none to delete.
    if (indexed.quote === null || CJK.test(fields.map((field) => indexed[field]).join('\n')))
      await rawRun(db, sql`DELETE FROM search_trigram WHERE ${key} = ${id}`);
    await insertAnnotationRow(db, id, row, text);
  }
  await writeClaimTerms(db, id, claimText);
}

type AnnotationText = Pick<IndexedAnnotation, 'quote' | 'claim' | 'rationale' | 'evidence' | 'comments'>;

async function insertAnnotationRow(db: DbOrTx, id: number, row: AnnotationSource, text: AnnotationText): Promise<void> {
  await rawRun(
    db,
    sql`INSERT INTO search_fts (${key}, title, quote, claim, rationale, evidence, comments, body)
    VALUES (${id}, '', ${text.quote}, ${text.claim}, ${text.rationale}, ${text.evidence}, ${text.comments}, '')`,
  );
  await writeTrigrams(db, id, [row.exact, text.claim, row.rationale, row.evidence ?? '', row.comments ?? ''].filter(Boolean).join('\n'));
}

/** `clean` in SQL, for text that stays in the database. */
const cleanSql = (column: ReturnType<typeof sql>) => sql`replace(replace(${column}, ${MARK_OPEN}, ' '), ${MARK_CLOSE}, ' ')`;

/**
 * The article's own row: its title and text. The text is copied from the article's row by the database (a long
 * article's 2 MB would otherwise cross from the database thread and back, see db/sqlite-thread.ts); only whether it
 * holds CJK is decided here.
 */
async function writeArticleRow(db: DbOrTx, articleId: number, article: { title: string; plainText: string }): Promise<void> {
  const id = await docId(db, 'article', String(articleId), articleId);
  await rawRun(
    db,
    sql`INSERT INTO search_fts (${key}, title, quote, claim, rationale, evidence, comments, body)
    SELECT ${id}, ${cleanSql(sql`title`)}, '', '', '', '', '', ${cleanSql(sql`plain_text`)} FROM articles WHERE id = ${articleId}`,
  );
  if (CJK.test(article.title) || CJK.test(article.plainText))
    await rawRun(
      db,
      sql`INSERT INTO search_trigram (${key}, text) SELECT ${id}, ${cleanSql(sql`title || ${'\n'} || plain_text`)} FROM articles WHERE id = ${articleId}`,
    );
}

/** The article's title and text, and every annotation of it (a revision moves and re-quotes them all). */
export async function indexArticle(db: DbOrTx, articleId: number): Promise<void> {
  const article = await rawGet<{ id: number; title: string; plainText: string; deletedAt: string | null } | undefined>(
    db,
    sql`SELECT id, title, plain_text AS "plainText", deleted_at AS "deletedAt" FROM articles WHERE id = ${articleId}`,
  );
  if (!article || article.deletedAt) {
    await unindexArticle(db, articleId);
    return;
  }
  await writeArticleRow(db, articleId, article);
  const rows = await rawAll<AnnotationSource>(
    db,
    sql`
    SELECT a.id, a.article_id AS "articleId", a.exact, a.claim_summary AS "claimSummary", a.claim_author AS "claimAuthor",
           a.rationale, a.deleted_at AS "deletedAt", NULL AS "articleDeletedAt", ${EVIDENCE_AND_COMMENTS}
    FROM annotations a WHERE a.article_id = ${articleId}`,
  );
  for (const row of rows) {
    if (row.deletedAt) await removeDoc(db, 'annotation', row.id);
    else await writeAnnotation(db, row);
  }
}

/** Only the article's own row (title and text), for a change of its details. */
export async function indexArticleDetails(db: DbOrTx, articleId: number): Promise<void> {
  const article = await rawGet<{ title: string; plainText: string; deletedAt: string | null } | undefined>(
    db,
    sql`SELECT title, plain_text AS "plainText", deleted_at AS "deletedAt" FROM articles WHERE id = ${articleId}`,
  );
  if (!article || article.deletedAt) return;
  await writeArticleRow(db, articleId, article);
}

/** A deleted article: it and its annotations leave the index (restoring indexes them again). */
export async function unindexArticle(db: DbOrTx, articleId: number): Promise<void> {
  await rawRun(db, sql`DELETE FROM search_docs WHERE article_id = ${articleId}`);
}

/** Everything again, from the tables: `npm run db:reindex`, and the first search on a database indexed by no or another version. */
export async function rebuildSearchIndex(db: Db): Promise<{ articles: number; annotations: number }> {
  return withTx(
    db,
    async (tx) => {
      await rawRun(tx, sql`DELETE FROM search_docs`);
      await rawRun(tx, sql`DELETE FROM search_fts`);
      await rawRun(tx, sql`DELETE FROM search_trigram`);
      await rawRun(tx, sql`DELETE FROM claim_fts`);
      const ids = await rawAll<{ id: number }>(tx, sql`SELECT id FROM articles WHERE deleted_at IS NULL ORDER BY id`);
      for (const { id } of ids) await indexArticle(tx, id);
      await rawRun(
        tx,
        sql`INSERT INTO app_meta (key, value) VALUES (${META_KEY}, ${SEARCH_INDEX_VERSION})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      );
      const counted = await rawGet<{ a: number }>(tx, sql`SELECT count(*) AS a FROM search_docs WHERE kind = 'annotation'`);
      return { articles: ids.length, annotations: counted.a };
    },
    WHOLE_ARTICLE,
  );
}

const checked = new WeakSet<Db>();

/** Builds the index once when this database has none yet (made before search existed, or seeded around it). */
export async function ensureSearchIndex(db: Db): Promise<void> {
  if (checked.has(db)) return;
  const row = await rawGet<{ value: string } | undefined>(db, sql`SELECT value FROM app_meta WHERE key = ${META_KEY}`);
  if (row?.value !== SEARCH_INDEX_VERSION) await rebuildSearchIndex(db);
  checked.add(db);
}
