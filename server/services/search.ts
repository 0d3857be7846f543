import { rawAll } from '@/db/raw';
import { type ClaimCandidate, type SearchRow, searchDialect } from '@/db/search';
// Finding past checks: search across every article, and "Checked before"
// (earlier annotations in other articles on the same claim). Reads only the
// index written by search-index.ts, joined to the live tables for filters and
// for what each role may see.
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { can } from '../domain/policy';
import type { Actor } from '../domain/roles';
import {
  annotationHref,
  type EarlierCheck,
  type SearchAnswer,
  type SearchResult,
  type SnippetPart,
  type checkedBeforeInput,
  type searchInput,
} from '../domain/search.types';
import type { AnnotationStatus } from '../domain/workflow';
import type { z } from 'zod';
import { CJK, ensureSearchIndex, MARK_CLOSE, MARK_OPEN } from './search-index';
import { claimTerms, fold, type TermOptions } from './search-terms';

type SearchQuery = z.output<typeof searchInput>;

interface ParsedQuery {
  /** Words and "quoted phrases", each a list of words. */
  phrases: string[][];
}

/** Words and "phrases in quotes" (straight or curly); everything else in the query is ignored, so no FTS5 syntax gets through. */
export function parseQuery(q: string): ParsedQuery {
  const phrases: string[][] = [];
  const normalised = q.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
  const words = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];
  normalised.split('"').forEach((part, i) => {
    if (i % 2 === 1) {
      const w = words(part);
      if (w.length) phrases.push(w);
    } else for (const w of words(part)) phrases.push([w]);
  });
  return { phrases };
}

/** The snippet() text split at its marks. */
export function snippetParts(text: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let marked = false;
  for (const piece of text.split(new RegExp(`([${MARK_OPEN}${MARK_CLOSE}])`))) {
    if (piece === MARK_OPEN) marked = true;
    else if (piece === MARK_CLOSE) marked = false;
    else if (piece) parts.push({ text: piece, marked });
  }
  return parts;
}

/** Marks every place where one of the terms occurs (case and accents folded), around the first one. */
export function markTerms(text: string, terms: string[], width = 160): SnippetPart[] {
  // Fold character by character, so positions in the folded text are positions in the original.
  const chars = [...text];
  const folded = chars.map((c) => fold(c).slice(0, 1) || c);
  const haystack = folded.join('');
  const marks = new Array<boolean>(chars.length).fill(false);
  let first = -1;
  for (const term of terms.map((t) => fold(t)).filter(Boolean)) {
    const needle = [...term].map((c) => fold(c).slice(0, 1) || c).join('');
    let from = 0;
    for (;;) {
      const at = haystack.indexOf(needle, from);
      if (at < 0) break;
      // haystack is one UTF-16 unit per char only for BMP text; map back by counting.
      const start = [...haystack.slice(0, at)].length;
      const length = [...needle].length;
      for (let k = start; k < start + length; k++) marks[k] = true;
      if (first < 0 || start < first) first = start;
      from = at + needle.length;
    }
  }
  const begin = Math.max(0, Math.max(first, 0) - Math.floor(width / 3));
  const end = Math.min(chars.length, begin + width);
  const parts: SnippetPart[] = [];
  if (begin > 0) parts.push({ text: '…', marked: false });
  for (let k = begin; k < end; k++) {
    const last = parts[parts.length - 1];
    if (last && last.marked === marks[k] && !(k === begin && begin > 0)) last.text += chars[k];
    else parts.push({ text: chars[k], marked: marks[k] });
  }
  if (end < chars.length) parts.push({ text: '…', marked: false });
  return parts;
}

type Row = SearchRow & { status: AnnotationStatus | null };

/** What limits the annotation rows: the filters, and what the role may see. */
function annotationFilters(actor: Actor, input: SearchQuery): SQL[] {
  const filters: SQL[] = [];
  // Viewers find published checks (approved); reviewers and up find the work in progress too.
  if (!can.seeUnpublished(actor)) filters.push(sql`an.status = 'approved'`);
  if (input.verdict) filters.push(sql`an.verdict_key = ${input.verdict} AND NOT an.needs_verdict`);
  if (input.status) filters.push(sql`an.status = ${input.status}`);
  if (input.checkedBy) filters.push(sql`an.author_id = ${input.checkedBy}`);
  if (input.from) filters.push(sql`an.updated_at >= ${input.from}`);
  if (input.to) filters.push(sql`an.updated_at < ${`${input.to}T99`}`);
  return filters;
}

const hasAnnotationFilter = (input: SearchQuery) => Boolean(input.verdict || input.status || input.checkedBy || input.from || input.to);

const and = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` AND `) : sql`TRUE`);

/**
 * Words (stemmed: "loans" finds "loan"), accents and case folded, "quoted
 * phrases"; CJK and anything the words miss through the trigram table. With
 * no words, the filters alone list annotations, newest first.
 */
export async function searchChecks(db: Db, actor: Actor, input: SearchQuery): Promise<SearchAnswer> {
  await ensureSearchIndex(db);
  const parsed = parseQuery(input.q);
  const limit = input.limit;
  const visible = sql`(d.kind = 'article' ${hasAnnotationFilter(input) ? sql`AND FALSE` : sql``} OR (d.kind = 'annotation' AND an.deleted_at IS NULL AND ${and(annotationFilters(actor, input))}))`;

  const unfiltered = !hasAnnotationFilter(input) && can.seeUnpublished(actor);
  let rows: Row[];
  if (parsed.phrases.length === 0) {
    rows = await rawAll<Row>(
      db,
      sql`SELECT 'annotation' AS kind, an.id AS ref, an.article_id AS "articleId", ar.title AS "articleTitle",
        CASE WHEN an.needs_verdict THEN '' ELSE an.verdict_key END AS verdict, an.status AS status, an.author_name AS checker, an.updated_at AS date,
        NULL AS snippet, an.exact AS text
      FROM annotations an JOIN articles ar ON ar.id = an.article_id AND ar.deleted_at IS NULL
      WHERE an.deleted_at IS NULL AND ${and(annotationFilters(actor, input))}
      ORDER BY an.updated_at DESC, an.id DESC LIMIT ${limit + 1}`,
    );
  } else {
    // CJK text has no spaces between words: only the substring search finds it.
    rows = CJK.test(input.q)
      ? []
      : ((await searchDialect.words(db, {
          phrases: parsed.phrases,
          visible,
          unfiltered,
          limit,
        })) as Row[]);
    if (rows.length === 0)
      rows = (await searchDialect.substrings(db, { terms: parsed.phrases.map((p) => p.join(' ')), visible, limit })) as Row[];
  }
  const terms = parsed.phrases.map((p) => p.join(' '));
  const results: SearchResult[] = rows.slice(0, limit).map((row) => ({
    kind: row.kind,
    articleId: row.articleId,
    articleTitle: row.articleTitle,
    annotationId: row.kind === 'annotation' ? row.ref : null,
    snippet: row.snippet !== null ? snippetParts(row.snippet) : markTerms(row.text ?? '', terms),
    verdict: row.verdict,
    status: row.status,
    checker: row.checker,
    date: row.date,
    href: row.kind === 'annotation' ? annotationHref(row.articleId, row.ref) : `/articles/${row.articleId}`,
  }));
  return { results, more: rows.length > limit };
}

/** What the filters offer: the people who have made annotations. */
export async function searchFacets(db: Db): Promise<{ checkers: { id: string; name: string }[] }> {
  const checkers = await rawAll<{ id: string; name: string }>(
    db,
    sql`
    SELECT DISTINCT u.id AS id, u.name AS name FROM annotations an JOIN "user" u ON u.id = an.author_id ORDER BY u.name`,
  );
  return { checkers };
}

// ——— Checked before ———

/** Below this share of the claim's weight, an earlier check is not the same claim: no suggestion. */
export const SUGGESTION_THRESHOLD = 0.45;
export const MAX_SUGGESTIONS = 5;
/** The rarest terms carrying this share of the claim's weight are what candidates are looked up by. */
const RARE_SHARE = 0.6;

/** An earlier check as the query finds it: before its evidence is read, with its index row and claim terms. */
type Candidate = ClaimCandidate & Omit<EarlierCheck, 'evidence' | 'score' | 'href'>;

/**
 * How much two claims share: the weight (inverse document frequency) of the
 * terms they have in common over the weight of the shorter one's terms, so a
 * shortened quote of a longer claim still scores high, while one shared
 * common word does not.
 */
export function overlapScore(query: string[], doc: string[], idf: (term: string) => number): number {
  const d = new Set(doc);
  const q = new Set(query);
  let shared = 0;
  for (const t of q) if (d.has(t)) shared += idf(t);
  const weight = (set: Set<string>) => [...set].reduce((sum, t) => sum + idf(t), 0);
  const smaller = Math.min(weight(q), weight(d));
  if (smaller === 0) return 0;
  // Both sides must carry some weight of their own: a two-word claim inside a long one is not enough alone.
  const larger = Math.max(weight(q), weight(d));
  return (shared / smaller) * 0.75 + (shared / larger) * 0.25;
}

export async function checkedBefore(
  db: Db,
  input: z.output<typeof checkedBeforeInput>,
  options: { terms?: TermOptions; threshold?: number; limit?: number } = {},
): Promise<EarlierCheck[]> {
  await ensureSearchIndex(db);
  const query = claimTerms(input.text, options.terms);
  if (query.length === 0) return [];
  // Candidates share at least one of the claim's rarer terms: the common ones alone never reach the threshold,
  // and leaving them out of the match keeps BM25 from ranking half the desk.
  const queryIdf = await termWeights(db, query);
  const byRarity = [...query].sort((a, b) => queryIdf(b) - queryIdf(a));
  const total = query.reduce((sum, t) => sum + queryIdf(t), 0);
  const rare: string[] = [];
  let covered = 0;
  for (const term of byRarity) {
    if (covered >= total * RARE_SHARE && rare.length >= 2) break;
    rare.push(term);
    covered += queryIdf(term);
  }
  const candidates = (await searchDialect.claimCandidates(db, {
    rare,
    articleId: input.articleId,
    annotationId: input.annotationId,
  })) as Candidate[];
  if (candidates.length === 0) return [];
  const idf = await termWeights(
    db,
    [...new Set(candidates.flatMap((c) => c.terms.split(' ')))].filter((t) => !query.includes(t)),
    queryIdf,
  );
  const scored = candidates
    .map((c) => ({ c, score: overlapScore(query, c.terms.split(' '), idf) }))
    .filter((s) => s.score >= (options.threshold ?? SUGGESTION_THRESHOLD))
    .sort((a, b) => b.score - a.score || b.c.date.localeCompare(a.c.date))
    .slice(0, options.limit ?? MAX_SUGGESTIONS);
  const evidence = await evidenceOf(
    db,
    scored.map((s) => s.c.annotationId),
  );
  return scored.map(({ c, score }) => ({
    annotationId: c.annotationId,
    articleId: c.articleId,
    articleTitle: c.articleTitle,
    quote: c.quote,
    verdict: c.verdict,
    rationale: c.rationale,
    evidence: evidence.get(c.annotationId) ?? [],
    status: c.status,
    checker: c.checker,
    date: c.date,
    href: annotationHref(c.articleId, c.annotationId),
    score: Math.round(score * 100) / 100,
  }));
}

type Weights = ((term: string) => number) & { total: number };

/** Inverse document frequency of each term over every indexed claim (BM25's: rarer terms weigh more). */
async function termWeights(db: Db, terms: string[], known?: Weights): Promise<Weights> {
  const unique = [...new Set(terms)];
  const asked = new Set(unique);
  // The second call (the candidates' other terms) counts the claims no more: the first one's total is the same.
  const { total, counts } = await searchDialect.claimCounts(db, unique, known?.total);
  const weight = (term: string) => {
    if (known && !asked.has(term)) return known(term);
    const n = counts.get(term) ?? 0;
    return Math.log(1 + (total - n + 0.5) / (n + 0.5));
  };
  return Object.assign(weight, { total });
}

async function evidenceOf(db: Db, ids: string[]): Promise<Map<string, { url: string; title: string }[]>> {
  const map = new Map<string, { url: string; title: string }[]>();
  if (ids.length === 0) return map;
  const rows = await rawAll<{ annotationId: string; url: string; title: string }>(
    db,
    sql`
    SELECT annotation_id AS "annotationId", url, title FROM evidence
    WHERE annotation_id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) ORDER BY position`,
  );
  for (const row of rows) map.set(row.annotationId, [...(map.get(row.annotationId) ?? []), { url: row.url, title: row.title }]);
  return map;
}
