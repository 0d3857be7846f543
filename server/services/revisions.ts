// New revisions of an article, and re-anchoring every annotation onto them.
import 'server-only';
import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { annotations, articleRevisions, articles } from '@/db/schema';
import { articleDocFromJSON } from '../domain/article-schema';
import { plainTextOf } from '../domain/plain-text';
import { reanchorAll, type AnchorStatus, type ReanchorOptions } from '../domain/reanchor';
import { buildTextIndex } from '../domain/text-position';
import type { Actor } from '../domain/roles';
import { notFound } from '../errors';
import { recordEvent } from './events';
import { anchorColumns } from './anchor-columns';
import { getArticleRow } from './articles';

export interface RevisionSummary {
  number: number;
  title: string;
  createdAt: string;
}

export function currentRevision(db: DbOrTx, articleId: number): number {
  const row = db.select({ n: max(articleRevisions.number) }).from(articleRevisions).where(eq(articleRevisions.articleId, articleId)).get();
  return row?.n ?? 1;
}

export function listRevisions(db: DbOrTx, articleId: number): RevisionSummary[] {
  getArticleRow(db, articleId);
  return db
    .select({ number: articleRevisions.number, title: articleRevisions.title, createdAt: articleRevisions.createdAt })
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(desc(articleRevisions.number))
    .all();
}

export function getRevision(db: DbOrTx, articleId: number, number: number): RevisionSummary & { doc: PMNode } {
  getArticleRow(db, articleId);
  const row = db
    .select()
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.number, number)))
    .get();
  if (!row) throw notFound(`Article ${articleId} has no revision ${number}`);
  return { number: row.number, title: row.title, createdAt: row.createdAt, doc: articleDocFromJSON(row.body) };
}

export type AnchorCounts = Record<AnchorStatus, number>;

/**
 * Adds a revision and re-anchors every annotation of the article (deleted ones
 * too, so that Undo still lands on the right text), all in one transaction:
 * either the new text and every new anchor are saved, or nothing is.
 * Re-anchoring runs within a budget (`reanchor`, defaults in
 * server/domain/reanchor.ts): annotations it does not reach are orphaned,
 * with everything they hold, so a revision that rewrites a long article does
 * not hold the server for minutes.
 */
export function addRevision(
  db: Db,
  actor: Actor,
  articleId: number,
  revision: { title: string; doc: PMNode; sourceUrl?: string | null },
  options: { reanchor?: ReanchorOptions } = {},
): { number: number; anchors: AnchorCounts } {
  return db.transaction((tx) => {
    getArticleRow(tx, articleId);
    const number = currentRevision(tx, articleId) + 1;
    const body = revision.doc.toJSON();
    const plainText = plainTextOf(revision.doc);
    tx.insert(articleRevisions)
      .values({ articleId, number, title: revision.title, body, plainText, sourceUrl: revision.sourceUrl ?? null })
      .run();
    tx.update(articles)
      .set({
        title: revision.title,
        body,
        plainText,
        ...(revision.sourceUrl ? { sourceUrl: revision.sourceUrl } : {}),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(articles.id, articleId))
      .run();
    const anchors = reanchorArticle(tx, actor, articleId, revision.doc, number, options.reanchor);
    recordEvent(tx, { type: 'article.revision_saved', actor, articleId, after: { number, title: revision.title, counts: anchors } });
    return { number, anchors };
  });
}

function reanchorArticle(tx: Tx, actor: Actor, articleId: number, doc: PMNode, revision: number, options?: ReanchorOptions): AnchorCounts {
  const rows = tx.select().from(annotations).where(eq(annotations.articleId, articleId)).orderBy(asc(annotations.anchorFrom)).all();
  const index = buildTextIndex(doc);
  const results = reanchorAll(
    rows.map((r) => ({
      from: r.anchorFrom,
      to: r.anchorTo,
      exact: r.exact,
      prefix: r.prefix,
      suffix: r.suffix,
      start: r.textStart ?? undefined,
      end: r.textEnd ?? undefined,
    })),
    doc,
    options,
  );
  const counts: AnchorCounts = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const now = new Date().toISOString();
  rows.forEach((row, i) => {
    const result = results[i];
    // Deleted annotations are re-anchored too, so that Undo lands on the right text, but they are not counted or reviewed.
    if (!row.deletedAt) counts[result.status]++;
    const placed =
      result.status !== 'orphaned' && result.from !== null && result.to !== null
        ? anchorColumns(doc, { from: result.from, to: result.to }, index)
        : // An orphan keeps its old quote and place: they are what a later revision or a human re-attaches by.
          {};
    if (result.status === 'exact' && result.from === row.anchorFrom && result.to === row.anchorTo) {
      // Untouched by the edit: nothing a reviewer would see changed, so neither version nor date moves.
      tx.update(annotations).set({ anchorRevision: revision, textStart: result.start, textEnd: result.end }).where(eq(annotations.id, row.id)).run();
      return;
    }
    // Anything but an exact match needs a human: an approved verdict on changed words is not published until approved again.
    const needsReview = result.status !== 'exact' && row.status === 'approved' && !row.deletedAt;
    const newExact = 'exact' in placed ? placed.exact : row.exact;
    // A moved or fuzzy anchor no one has confirmed yet stays unconfirmed, with its approved quote, when a later revision only shifts it.
    const unconfirmed = result.status === 'exact' && (row.anchorStatus === 'moved' || row.anchorStatus === 'fuzzy');
    tx.update(annotations)
      .set({
        ...placed,
        anchorStatus: unconfirmed ? row.anchorStatus : result.status,
        anchorScore: unconfirmed ? row.anchorScore : result.status === 'fuzzy' || result.status === 'moved' ? result.score : null,
        anchorRevision: revision,
        // The quote a reviewer approved, kept beside the new one until someone confirms the new place.
        previousExact:
          result.status === 'moved' || result.status === 'fuzzy' ? (row.previousExact ?? row.exact) : result.status === 'exact' && !unconfirmed ? null : row.previousExact,
        ...(needsReview ? { status: 'in_review' as const } : {}),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(annotations.id, row.id))
      .run();
    if (row.deletedAt) return;
    if (result.status !== 'exact' || newExact !== row.exact) {
      recordEvent(tx, {
        type: 'annotation.reanchored',
        actor,
        articleId,
        annotationId: row.id,
        before: { exact: row.exact, anchorStatus: row.anchorStatus },
        after: { exact: newExact, anchorStatus: result.status, score: result.score, revision },
      });
    }
    if (needsReview) {
      recordEvent(tx, { type: 'annotation.status', actor, articleId, annotationId: row.id, before: { status: 'approved' }, after: { status: 'in_review', via: 'reanchor', revision } });
    }
  });
  return counts;
}
