// Search on SQLite: FTS5 tables keyed by rowid (db/migrations/0009_search_index.sql).
// Words through search_fts (porter stemming, accents and case folded) ranked by
// bm25 with per-column weights, snippets by snippet(); substrings through the
// trigram table; claims' term counts through the claim_vocab view.
import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rawAll, rawGet } from '../raw';
import { CANDIDATE_COLUMNS, type ClaimCandidate, RESULT_COLUMNS, type SearchDialect, type SearchRow } from './types';

/** The marks snippet() puts around matched terms (server/services/search-index.ts MARK_OPEN, MARK_CLOSE). */
const MARK_OPEN = '\u0002';
const MARK_CLOSE = '\u0003';

// bm25 weights: title, quote, claim, rationale, evidence, comments, body.
const WEIGHTS = sql`10.0, 6.0, 6.0, 3.0, 2.0, 1.0, 1.0`;

const JOINS = sql`JOIN search_docs d ON d.id = f.rowid
    JOIN articles ar ON ar.id = d.article_id AND ar.deleted_at IS NULL
    LEFT JOIN annotations an ON d.kind = 'annotation' AND an.id = d.ref`;

/**
 * The same joins from ranked rows, in this order (CROSS JOIN): left to itself, the planner started from search_docs'
 * index on kind and looked the ranked rows up for each of 100,000 documents. The annotation comes before the article,
 * so that a row the filters leave out costs no read of its article (its text makes the row long).
 */
const JOINS_AFTER = (from: string) =>
  sql.raw(`CROSS JOIN search_docs d ON d.id = ${from}.id
    LEFT JOIN annotations an ON d.kind = 'annotation' AND an.id = d.ref
    CROSS JOIN articles ar ON ar.id = d.article_id AND ar.deleted_at IS NULL`);
const CLAIM_JOINS = (from: string) =>
  sql.raw(`CROSS JOIN search_docs d ON d.id = ${from}.id AND d.kind = 'annotation'
    CROSS JOIN annotations an ON an.id = d.ref AND an.deleted_at IS NULL
    CROSS JOIN articles ar ON ar.id = an.article_id AND ar.deleted_at IS NULL`);

/** How many more of the best-ranked rows than wanted are joined at first, for filters to pass over. */
const FILTER_DEPTH = 8;
/** How many candidates "Checked before" scores (server/services/search.ts). */
const CANDIDATES = 40;

/** How many rows match (no ranking): whether ranking only the best left some out. */
async function matchCount(db: DbOrTx, table: 'search_fts' | 'claim_fts', match: string): Promise<number> {
  return (await rawGet<{ n: number }>(db, sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE ${sql.raw(table)} MATCH ${match}`)).n;
}

/** An FTS5 MATCH expression: every phrase must be there, each written as a quoted string (so no FTS5 syntax gets through). */
const matchOf = (phrases: string[][]) => phrases.map((p) => `"${p.join(' ')}"`).join(' AND ');

const and = (parts: ReturnType<typeof sql>[]) => (parts.length ? sql.join(parts, sql` AND `) : sql`1`);

export const sqliteSearch: SearchDialect = {
  key: sql`rowid`,
  joinLines: (value, orderBy) => sql`group_concat(${value}, char(10) ORDER BY ${orderBy})`,

  async words(db, { phrases, visible, unfiltered, limit }) {
    const match = matchOf(phrases);
    // Ranked over the FTS table alone first, and only the best `depth` joined for the filters and a viewer's limits:
    // a common word matches tens of thousands of rows at full size, and looking each one up in the annotations cost
    // far more than ranking them all (docs/search.md). When too few of the best pass the filters, the rest are
    // ranked too. Snippets are made last, for the rows shown, in one more pass over the matches: looking each row
    // up again by rowid and MATCH seeks every term's doclist anew, which took 2-4 times as long.
    let depth = unfiltered ? limit + 1 : (limit + 1) * FILTER_DEPTH;
    for (;;) {
      const rows = await rawAll<SearchRow>(
        db,
        sql`WITH ranked AS MATERIALIZED (
            SELECT rowid AS id, bm25(search_fts, ${WEIGHTS}) AS score FROM search_fts
            WHERE search_fts MATCH ${match}
            ORDER BY score, rowid DESC LIMIT ${depth}),
          hits AS MATERIALIZED (
            SELECT ranked.id AS id, ranked.score AS score FROM ranked ${JOINS_AFTER('ranked')}
            WHERE ${visible} ORDER BY ranked.score, ranked.id DESC LIMIT ${limit + 1}),
          snippets AS MATERIALIZED (
            SELECT rowid AS id, snippet(search_fts, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) AS snippet FROM search_fts
            WHERE search_fts MATCH ${match} AND +rowid IN (SELECT id FROM hits))
          SELECT ${sql.raw(RESULT_COLUMNS)}, s.snippet AS snippet, NULL AS text
          FROM hits CROSS JOIN snippets s ON s.id = hits.id ${JOINS_AFTER('hits')}
          ORDER BY hits.score, hits.id DESC`,
      );
      if (rows.length > limit) return rows;
      const matched = await matchCount(db, 'search_fts', match);
      if (matched <= depth) return rows;
      depth = matched;
    }
  },

  /** Each term of three or more characters through the trigram index, shorter ones (two CJK characters) by LIKE. */
  async substrings(db, { terms, visible, limit }) {
    const long = terms.filter((t) => [...t].length >= 3);
    const short = terms.filter((t) => [...t].length < 3);
    const conditions = [];
    if (long.length) conditions.push(sql`search_trigram MATCH ${long.map((t) => `"${t}"`).join(' AND ')}`);
    for (const t of short) conditions.push(sql`f.text LIKE ${`%${t.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`);
    return await rawAll<SearchRow>(
      db,
      sql`SELECT ${sql.raw(RESULT_COLUMNS)}, NULL AS snippet, f.text AS text
    FROM search_trigram f ${JOINS}
    WHERE ${and(conditions)} AND ${visible}
    ORDER BY ${long.length ? sql`bm25(search_trigram)` : sql`d.id DESC`} LIMIT ${limit + 1}`,
    );
  },

  async claimCandidates(db, { rare, articleId, annotationId }) {
    const match = rare.map((t) => `"${t}"`).join(' OR ');
    // As words(): the best by bm25 over claim_fts alone, then only those joined, looked at for their article, and read.
    let depth = CANDIDATES * FILTER_DEPTH;
    for (;;) {
      const rows = await rawAll<ClaimCandidate>(
        db,
        sql`WITH ranked AS MATERIALIZED (
            SELECT rowid AS id, bm25(claim_fts) AS score FROM claim_fts
            WHERE claim_fts MATCH ${match} ORDER BY score, rowid DESC LIMIT ${depth}),
          hits AS MATERIALIZED (
            SELECT ranked.id AS id, ranked.score AS score FROM ranked ${CLAIM_JOINS('ranked')}
            WHERE an.article_id <> ${articleId} ${annotationId ? sql`AND an.id <> ${annotationId}` : sql``}
            ORDER BY ranked.score, ranked.id DESC LIMIT ${CANDIDATES})
          SELECT ${sql.raw(CANDIDATE_COLUMNS)}
          FROM hits CROSS JOIN claim_fts f ON f.rowid = hits.id ${CLAIM_JOINS('hits')}
          ORDER BY hits.score, hits.id DESC`,
      );
      if (rows.length >= CANDIDATES) return rows;
      const matched = await matchCount(db, 'claim_fts', match);
      if (matched <= depth) return rows;
      depth = matched;
    }
  },

  async claimCounts(db, terms, known) {
    // The shadow table holds a row per claim: counting it reads a small b-tree, where count(*) on claim_fts reads every claim.
    const total = known ?? (await rawGet<{ n: number }>(db, sql`SELECT count(*) AS n FROM claim_fts_docsize`)).n;
    const counts = new Map<string, number>();
    if (terms.length === 0) return { total, counts };
    // One lookup of claim_vocab per term (term = ?): given `term IN (…)`, fts5vocab read the doclist of every term in the index.
    for (const row of await rawAll<{ term: string; doc: number }>(
      db,
      sql`SELECT v.term AS term, v.doc AS doc FROM json_each(${JSON.stringify(terms)}) j CROSS JOIN claim_vocab v ON v.term = j.value`,
    ))
      counts.set(row.term, row.doc);
    return { total, counts };
  },
};
