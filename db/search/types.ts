// What search needs from a database that SQL cannot say the same way on both
// dialects: the index's row key, matching words, ranking, snippets, substrings
// and the claims' term counts. server/services/search.ts and search-index.ts
// hold the rest (what is indexed, filters, who may see what) and call these.
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';

/** A result row as search.ts reads it. */
export interface SearchRow {
  kind: 'article' | 'annotation';
  ref: string;
  articleId: number;
  articleTitle: string;
  /** Matched text with MARK_OPEN/MARK_CLOSE around the matches, or null when `text` is to be marked instead. */
  snippet: string | null;
  text: string | null;
  verdict: string | null;
  status: string | null;
  checker: string | null;
  date: string;
}

export interface ClaimCandidate {
  docId: number;
  terms: string;
  annotationId: string;
  articleId: number;
  articleTitle: string;
  quote: string;
  verdict: string;
  rationale: string;
  status: string;
  checker: string;
  date: string;
}

export interface WordSearch {
  /** Words and quoted phrases, each a list of words: every one must be there. */
  phrases: string[][];
  /** Which rows may be shown (SQL over `d` search_docs, `ar` articles, `an` annotations). */
  visible: SQL;
  /** No filter and no role limit: the joins can be left out of ranking. */
  unfiltered: boolean;
  limit: number;
}

export interface SearchDialect {
  /** The column search_fts, search_trigram and claim_fts key their rows by (search_docs.id). */
  key: SQL;
  /** An aggregate joining `value` of the rows in `orderBy` order, one per line (null when there are none). */
  joinLines(value: SQL, orderBy: SQL): SQL;
  /** Ranked word matches, best first, at most `limit + 1`, with a snippet each. */
  words(db: DbOrTx, q: WordSearch): Promise<SearchRow[]>;
  /** Substring matches (CJK text) over the trigram table: each term must be there. */
  substrings(db: DbOrTx, q: { terms: string[]; visible: SQL; limit: number }): Promise<SearchRow[]>;
  /** Earlier claims sharing one of `rare` terms, outside the article, at most 40, best first. */
  claimCandidates(db: DbOrTx, q: { rare: string[]; articleId: number; annotationId?: string }): Promise<ClaimCandidate[]>;
  /** How many claims are indexed (unless `total` is already known), and how many hold each of `terms`. */
  claimCounts(db: DbOrTx, terms: string[], total?: number): Promise<{ total: number; counts: Map<string, number> }>;
}

/** The columns every result carries (d search_docs, ar articles, an annotations). */
export const RESULT_COLUMNS = `d.kind AS kind, d.ref AS ref, d.article_id AS "articleId", ar.title AS "articleTitle",
  CASE WHEN an.needs_verdict THEN '' ELSE an.verdict_key END AS verdict, an.status AS status, an.author_name AS checker,
  coalesce(an.updated_at, ar.updated_at) AS date`;

export const CANDIDATE_COLUMNS = `d.id AS "docId", f.terms AS terms, an.id AS "annotationId", an.article_id AS "articleId",
  ar.title AS "articleTitle", an.exact AS quote, CASE WHEN an.needs_verdict THEN '' ELSE an.verdict_key END AS verdict,
  an.rationale AS rationale, an.status AS status, an.author_name AS checker, an.updated_at AS date`;
