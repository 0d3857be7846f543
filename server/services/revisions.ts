// New revisions of an article, and re-anchoring every annotation onto them.
import 'server-only';
import { and, asc, desc, eq, max, sql } from 'drizzle-orm';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { annotations, articleRevisions, articles, type AnnotationRow } from '@/db/schema';
import { articleDocFromJSON } from '../domain/article-schema';
import { storedBodyOf, type StoredBody } from '../domain/plain-text';
import { wordsChanged } from '../domain/quote-change';
import { reanchorAll, type AnchorStatus, type Reanchored, type ReanchorOptions, type StoredAnchor } from '../domain/reanchor';
import { buildTextIndex, type TextIndex } from '../domain/text-position';
import type { Actor } from '../domain/roles';
import { notFound } from '../errors';
import { recordEvent } from './events';
import { indexArticle } from './search-index';
import { anchorColumns } from './anchor-columns';
import { backToReview } from './back-to-review';
import { requireLiveArticle } from './articles';
import { WHOLE_ARTICLE, withTx } from './transaction';
import { placeRevisionOffThread, revisionHtmlOffThread } from '../workers/import-pool';
import type { PlacedColumns } from '../workers/import-jobs';
import { jsonText } from '@/db/json-sql';

export interface RevisionSummary {
  number: number;
  title: string;
  createdAt: string;
}

export async function currentRevision(db: DbOrTx, articleId: number): Promise<number> {
  const row = await db
    .select({ n: max(articleRevisions.number) })
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, articleId))
    .get();
  return row?.n ?? 1;
}

export async function listRevisions(db: DbOrTx, articleId: number): Promise<RevisionSummary[]> {
  await requireLiveArticle(db, articleId);
  return await db
    .select({ number: articleRevisions.number, title: articleRevisions.title, createdAt: articleRevisions.createdAt })
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(desc(articleRevisions.number))
    .all();
}

export async function getRevision(db: DbOrTx, articleId: number, number: number): Promise<RevisionSummary & { doc: PMNode }> {
  await requireLiveArticle(db, articleId);
  const row = await db
    .select()
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.number, number)))
    .get();
  if (!row) throw notFound(`Article ${articleId} has no revision ${number}`);
  return { number: row.number, title: row.title, createdAt: row.createdAt, doc: articleDocFromJSON(row.body) };
}

/** An earlier text as the revision page shows it: read-only HTML, rendered in the worker pool from the stored JSON. */
export async function revisionPage(
  db: DbOrTx,
  articleId: number,
  number: number,
): Promise<RevisionSummary & { html: string; latest: number }> {
  await requireLiveArticle(db, articleId);
  const row = await db
    .select({
      number: articleRevisions.number,
      title: articleRevisions.title,
      createdAt: articleRevisions.createdAt,
      docJson: jsonText(articleRevisions.body),
    })
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.number, number)))
    .get();
  if (!row) throw notFound(`Article ${articleId} has no revision ${number}`);
  const { docJson, ...summary } = row;
  return { ...summary, html: await revisionHtmlOffThread(docJson), latest: await currentRevision(db, articleId) };
}

export type AnchorCounts = Record<AnchorStatus, number>;

/** A new text: a document, or one serialised in the import worker (see StoredBody). */
export type RevisionText = { title: string; sourceUrl?: string | null } & ({ doc: PMNode } | { body: StoredBody });

/**
 * Adds a revision and re-anchors every annotation of the article (deleted ones
 * too, so that Undo still lands on the right text), all in one transaction:
 * either the new text and every new anchor are saved, or nothing is.
 * Re-anchoring runs within a budget (`reanchor`, defaults in
 * server/domain/reanchor.ts): annotations it does not reach are orphaned,
 * with everything they hold, so a revision that rewrites a long article does
 * not hold the server for minutes.
 */
export async function addRevision(
  db: Db,
  actor: Actor,
  articleId: number,
  revision: RevisionText,
  options: { reanchor?: ReanchorOptions; precomputed?: Precomputed } = {},
): Promise<{ number: number; anchors: AnchorCounts }> {
  // Parsed only when the re-anchoring was not done beforehand: for 2 MB that is about a second of this thread.
  let parsed: PMNode | undefined = 'doc' in revision ? revision.doc : undefined;
  const doc = () => (parsed ??= articleDocFromJSON(JSON.parse((revision as { body: StoredBody }).body.json)));
  const stored = 'body' in revision ? revision.body : storedBodyOf(doc());
  return withTx(
    db,
    async (tx) => {
      await requireLiveArticle(tx, articleId);
      const number = (await currentRevision(tx, articleId)) + 1;
      // Written as the JSON text it already is: the column's JSON mode would serialise it again.
      const body = sql`${stored.json}`;
      const { plainText } = stored;
      await tx
        .insert(articleRevisions)
        .values({ articleId, number, title: revision.title, body, plainText, sourceUrl: revision.sourceUrl ?? null })
        .run();
      // The article's copy of the newest text taken from the revision by the database: the text is sent to it once.
      const newest = and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.number, number));
      await tx
        .update(articles)
        .set({
          title: revision.title,
          body: sql`(SELECT ${articleRevisions.body} FROM ${articleRevisions} WHERE ${newest})`,
          plainText: sql`(SELECT ${articleRevisions.plainText} FROM ${articleRevisions} WHERE ${newest})`,
          ...(revision.sourceUrl ? { sourceUrl: revision.sourceUrl } : {}),
          updatedAt: new Date().toISOString(),
        })
        .where(eq(articles.id, articleId))
        .run();
      const anchors = await reanchorArticle(tx, actor, articleId, doc, number, options.reanchor, options.precomputed);
      await recordEvent(tx, {
        type: 'article.revision_saved',
        actor,
        articleId,
        after: { number, title: revision.title, counts: anchors },
      });
      await indexArticle(tx, articleId);
      return { number, anchors };
    },
    WHOLE_ARTICLE,
  );
}

/** Re-anchoring done beforehand (in a worker), valid while the annotations are the versions it was computed for. */
export interface Precomputed {
  key: string;
  results: Reanchored[];
  /** The columns each placed result writes (see runRevisionJob); without them the document is parsed here. */
  columns?: (PlacedColumns | null)[];
}

async function annotationRows(db: DbOrTx, articleId: number): Promise<AnnotationRow[]> {
  return await db
    .select()
    .from(annotations)
    .where(eq(annotations.articleId, articleId))
    .orderBy(asc(annotations.anchorFrom), asc(annotations.id))
    .all();
}

const rowsKey = (rows: AnnotationRow[]) => rows.map((r) => `${r.id}:${r.version}`).join(',');

const storedAnchorOf = (r: AnnotationRow): StoredAnchor => ({
  from: r.anchorFrom,
  to: r.anchorTo,
  exact: r.exact,
  prefix: r.prefix,
  suffix: r.suffix,
  start: r.textStart ?? undefined,
  end: r.textEnd ?? undefined,
});

/**
 * The same as addRevision, with the re-anchoring (the CPU-heavy part) done in
 * the worker pool first, so other reviewers' requests are answered meanwhile.
 * Should an annotation change while the worker runs, the transaction notices
 * (versions differ) and re-anchors inline, within the same budget.
 */
export async function addRevisionOffThread(
  db: Db,
  actor: Actor,
  articleId: number,
  revision: RevisionText,
  options: { reanchor?: Omit<ReanchorOptions, 'now'> } = {},
): Promise<{ number: number; anchors: AnchorCounts }> {
  await requireLiveArticle(db, articleId);
  const rows = await annotationRows(db, articleId);
  const { results, columns } = await placeRevisionOffThread(
    rows.map(storedAnchorOf),
    'body' in revision ? revision.body.json : JSON.stringify(revision.doc.toJSON()),
    options.reanchor ?? {},
  );
  return await addRevision(db, actor, articleId, revision, {
    reanchor: options.reanchor,
    precomputed: { key: rowsKey(rows), results, columns },
  });
}

async function reanchorArticle(
  tx: Tx,
  actor: Actor,
  articleId: number,
  doc: () => PMNode,
  revision: number,
  options?: ReanchorOptions,
  precomputed?: Precomputed,
): Promise<AnchorCounts> {
  const rows = await annotationRows(tx, articleId);
  const ready = precomputed && precomputed.key === rowsKey(rows) ? precomputed : null;
  const results = ready ? ready.results : reanchorAll(rows.map(storedAnchorOf), doc(), options);
  let index: TextIndex | undefined;
  const columnsAt = (i: number, range: { from: number; to: number }) => {
    if (ready?.columns) return ready.columns[i]!;
    index ??= buildTextIndex(doc());
    return anchorColumns(doc(), range, index);
  };
  const counts: AnchorCounts = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const now = new Date().toISOString();
  for (const [i, row] of rows.entries()) {
    const result = results[i];
    // Deleted annotations are re-anchored too, so that Undo lands on the right text, but they are not counted or reviewed.
    if (!row.deletedAt) counts[result.status]++;
    const placed =
      result.status !== 'orphaned' && result.from !== null && result.to !== null
        ? columnsAt(i, { from: result.from, to: result.to })
        : // An orphan keeps its old quote and place: they are what a later revision or a human re-attaches by.
          {};
    if (result.status === 'exact' && result.from === row.anchorFrom && result.to === row.anchorTo) {
      // Untouched by the edit: nothing a reviewer would see changed, so neither version nor date moves.
      await tx
        .update(annotations)
        .set({ anchorRevision: revision, textStart: result.start, textEnd: result.end })
        .where(eq(annotations.id, row.id))
        .run();
      continue;
    }
    // Anything but an exact match needs a human: an approved verdict on changed words is not published until approved again.
    const review = backToReview(row.status, result.status !== 'exact' && !row.deletedAt);
    const newExact = 'exact' in placed && typeof placed.exact === 'string' ? placed.exact : row.exact;
    // A moved or fuzzy anchor no one has confirmed yet stays unconfirmed, with its approved quote, when a later revision only shifts it.
    const unconfirmed = result.status === 'exact' && (row.anchorStatus === 'moved' || row.anchorStatus === 'fuzzy');
    // The verdict was given on this quote: kept until someone says whether it still holds for the new words.
    const verdictQuote = row.recheckQuote ?? row.previousExact ?? row.exact;
    const asks = row.recheckQuote === null && !row.needsVerdict && result.status !== 'orphaned' && wordsChanged(verdictQuote, newExact);
    await tx
      .update(annotations)
      .set({
        ...placed,
        anchorStatus: unconfirmed ? row.anchorStatus : result.status,
        anchorScore: unconfirmed ? row.anchorScore : result.status === 'fuzzy' || result.status === 'moved' ? result.score : null,
        anchorRevision: revision,
        // The quote a reviewer approved, kept beside the new one until someone confirms the new place.
        previousExact:
          result.status === 'moved' || result.status === 'fuzzy'
            ? (row.previousExact ?? row.exact)
            : result.status === 'exact' && !unconfirmed
              ? null
              : row.previousExact,
        ...(asks ? { recheckQuote: verdictQuote } : {}),
        ...review.columns,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(annotations.id, row.id))
      .run();
    if (row.deletedAt) continue;
    if (result.status !== 'exact' || newExact !== row.exact) {
      await recordEvent(tx, {
        type: 'annotation.reanchored',
        actor,
        articleId,
        annotationId: row.id,
        before: { exact: row.exact, anchorStatus: row.anchorStatus },
        after: { exact: newExact, anchorStatus: result.status, score: result.score, revision, ...(asks ? { verdictQuestion: true } : {}) },
      });
    }
    await review.record(tx, actor, { articleId, annotationId: row.id }, 'reanchor', { revision });
  }
  return counts;
}
