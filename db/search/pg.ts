// Search on PostgreSQL (db/migrations-pg/0001_rules_and_search.sql): the same
// tables as SQLite's, keyed by `id`. Words through a tsvector (English stemming;
// accents and case folded by search_fold, unaccent) with a GIN index, ranked
// by ts_rank with the title above quote and claim above rationale above the
// rest, as SQLite's bm25 weights them; snippets by ts_headline; substrings
// (CJK text) by LIKE on the folded text, which the pg_trgm index serves;
// claims' terms as a text array with a GIN index.
import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { rawAll, rawGet } from '../raw';
import { CANDIDATE_COLUMNS, type ClaimCandidate, RESULT_COLUMNS, type SearchDialect, type SearchRow } from './types';

const JOINS = sql`JOIN search_docs d ON d.id = f.id
    JOIN articles ar ON ar.id = d.article_id AND ar.deleted_at IS NULL
    LEFT JOIN annotations an ON d.kind = 'annotation' AND an.id = d.ref`;

// ts_rank's weights for D (evidence, comments, body), C (rationale), B (quote, claim), A (title): SQLite's bm25 weights over 10.
const WEIGHTS = sql.raw(`'{0.1, 0.3, 0.6, 1.0}'`);
// The marks around matched words (server/services/search-index.ts MARK_OPEN, MARK_CLOSE), about 24 words around the best match.
const HEADLINE = `StartSel=\u0002, StopSel=\u0003, MaxFragments=1, MaxWords=24, MinWords=12, FragmentDelimiter=…`;

/** Every phrase must be there, each as a phrase (words in order); parameters, so no tsquery syntax gets through. */
const queryOf = (phrases: string[][]): SQL =>
  sql.join(
    phrases.map((p) => sql`phraseto_tsquery('english', search_fold(${p.join(' ')}))`),
    sql` && `,
  );

const textList = (terms: string[]): SQL =>
  sql`ARRAY[${sql.join(
    terms.map((t) => sql`${t}`),
    sql`, `,
  )}]::text[]`;

const likePattern = (term: string) => `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

export const pgSearch: SearchDialect = {
  key: sql`id`,
  joinLines: (value, orderBy) => sql`string_agg(${value}, chr(10) ORDER BY ${orderBy})`,

  async words(db, { phrases, visible, unfiltered, limit }) {
    const query = queryOf(phrases);
    // Ranked first, headlines after: ts_headline reads the whole text, so it is made only for the rows shown.
    return await rawAll<SearchRow>(
      db,
      sql`WITH q AS (SELECT ${query} AS query),
        hits AS (
          SELECT f.id AS id, ts_rank(${WEIGHTS}, f.words, q.query) AS score FROM q, search_fts f
          ${unfiltered ? sql`` : JOINS}
          WHERE f.words @@ q.query ${unfiltered ? sql`` : sql`AND ${visible}`}
          ORDER BY score DESC, f.id DESC LIMIT ${limit + 1})
        SELECT ${sql.raw(RESULT_COLUMNS)},
          ts_headline('english', concat_ws(' ', nullif(f.title, ''), nullif(f.quote, ''), nullif(f.claim, ''), nullif(f.rationale, ''),
            nullif(f.evidence, ''), nullif(f.comments, ''), nullif(f.body, '')), q.query, ${HEADLINE}) AS snippet,
          NULL AS text
        FROM q, hits JOIN search_fts f ON f.id = hits.id ${JOINS}
        WHERE ${visible}
        ORDER BY hits.score DESC, hits.id DESC`,
    );
  },

  async substrings(db, { terms, visible, limit }) {
    const conditions = terms.map((t) => sql`search_fold(f.text) LIKE search_fold(${likePattern(t)}) ESCAPE '\\'`);
    return await rawAll<SearchRow>(
      db,
      sql`SELECT ${sql.raw(RESULT_COLUMNS)}, NULL AS snippet, f.text AS text
    FROM search_trigram f ${JOINS}
    WHERE ${conditions.length ? sql.join(conditions, sql` AND `) : sql`TRUE`} AND ${visible}
    ORDER BY d.id DESC LIMIT ${limit + 1}`,
    );
  },

  async claimCandidates(db, { rare, articleId, annotationId }) {
    const list = textList(rare);
    // Ordered by how many of the rare terms each claim holds (SQLite orders by bm25 over them): search.ts scores the 40 itself.
    return await rawAll<ClaimCandidate>(
      db,
      sql`SELECT ${sql.raw(CANDIDATE_COLUMNS)}
    FROM claim_fts f
    JOIN search_docs d ON d.id = f.id AND d.kind = 'annotation'
    JOIN annotations an ON an.id = d.ref AND an.deleted_at IS NULL
    JOIN articles ar ON ar.id = an.article_id AND ar.deleted_at IS NULL
    WHERE f.term_list && ${list} AND an.article_id <> ${articleId}
      ${annotationId ? sql`AND an.id <> ${annotationId}` : sql``}
    ORDER BY (SELECT count(*) FROM unnest(f.term_list) t WHERE t = ANY(${list})) DESC, d.id DESC LIMIT 40`,
    );
  },

  async claimCounts(db, terms, known) {
    const total = known ?? (await rawGet<{ n: number }>(db, sql`SELECT count(*) AS n FROM claim_fts`)).n;
    const counts = new Map<string, number>();
    for (let i = 0; i < terms.length; i += 200) {
      const chunk = terms.slice(i, i + 200);
      for (const row of await rawAll<{ term: string; doc: number }>(
        db,
        sql`SELECT t AS term, (SELECT count(*) FROM claim_fts WHERE term_list @> ARRAY[t]) AS doc FROM unnest(${textList(chunk)}) AS t`,
      ))
        counts.set(row.term, row.doc);
    }
    return { total, counts };
  },
};
