// Search on SQLite: FTS5 tables keyed by rowid (db/migrations/0009_search_index.sql).
// Words through search_fts (porter stemming, accents and case folded) ranked by
// bm25 with per-column weights, snippets by snippet(); substrings through the
// trigram table; claims' term counts through the claim_vocab view.
import 'server-only';
import { sql } from 'drizzle-orm';
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

/** An FTS5 MATCH expression: every phrase must be there, each written as a quoted string (so no FTS5 syntax gets through). */
const matchOf = (phrases: string[][]) => phrases.map((p) => `"${p.join(' ')}"`).join(' AND ');

const and = (parts: ReturnType<typeof sql>[]) => (parts.length ? sql.join(parts, sql` AND `) : sql`1`);

export const sqliteSearch: SearchDialect = {
  key: sql`rowid`,

  async words(db, { phrases, visible, unfiltered, limit }) {
    const match = matchOf(phrases);
    // Ranked first, snippets after: snippet() is the costly part, so it is made only for the rows shown.
    return await rawAll<SearchRow>(
      db,
      sql`WITH hits AS (
          SELECT f.rowid AS id, bm25(search_fts, ${WEIGHTS}) AS score FROM search_fts f
          ${
            // The index holds no deleted annotation or article: without filters or a viewer's limits there is nothing to join.
            unfiltered ? sql`` : JOINS
          }
          WHERE search_fts MATCH ${match} ${unfiltered ? sql`` : sql`AND ${visible}`}
          ORDER BY score LIMIT ${limit + 1})
        SELECT ${sql.raw(RESULT_COLUMNS)}, snippet(search_fts, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 24) AS snippet, NULL AS text
        FROM hits JOIN search_fts f ON f.rowid = hits.id ${JOINS}
        WHERE search_fts MATCH ${match} AND ${visible}
        ORDER BY hits.score`,
    );
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
    return await rawAll<ClaimCandidate>(
      db,
      sql`SELECT ${sql.raw(CANDIDATE_COLUMNS)}
    FROM claim_fts f
    JOIN search_docs d ON d.id = f.rowid AND d.kind = 'annotation'
    JOIN annotations an ON an.id = d.ref AND an.deleted_at IS NULL
    JOIN articles ar ON ar.id = an.article_id AND ar.deleted_at IS NULL
    WHERE claim_fts MATCH ${match} AND an.article_id <> ${articleId}
      ${annotationId ? sql`AND an.id <> ${annotationId}` : sql``}
    ORDER BY bm25(claim_fts) LIMIT 40`,
    );
  },

  async claimCounts(db, terms) {
    const total = (await rawGet<{ n: number }>(db, sql`SELECT count(*) AS n FROM claim_fts`)).n;
    const counts = new Map<string, number>();
    for (let i = 0; i < terms.length; i += 200) {
      const chunk = terms.slice(i, i + 200);
      for (const row of await rawAll<{ term: string; doc: number }>(
        db,
        sql`SELECT term, doc FROM claim_vocab WHERE term IN (${sql.join(
          chunk.map((t) => sql`${t}`),
          sql`, `,
        )})`,
      ))
        counts.set(row.term, row.doc);
    }
    return { total, counts };
  },
};
