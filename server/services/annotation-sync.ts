// What the editor of a long article reads instead of every annotation: a
// compact index, details for the rows on screen, and what changed after a
// cursor. The cursor is the article's change sequence (articles.change_seq):
// every write to an annotation records an event in the same transaction, and
// the event takes the article's next sequence number (server/services/events.ts),
// so "events after N" is "changes after N", gap-free and in commit order, and
// reading the cursor is one lookup of the article row.
import 'server-only';
import { and, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { annotations, articles, events } from '@/db/schema';
import { compareByPosition, type AnnotationView } from '../domain/annotation';
import { encodeIndex, type AnnotationChanges, type AnnotationIndex, type AnnotationSummary } from '../domain/annotation-index';
import type { EventType } from '../domain/history';
import { invalidInput } from '../errors';
import { withEvidence } from './annotations';
import { missing, requireLiveArticle } from './articles';
import { currentRevision } from './revisions';
import { withReadTx } from './transaction';

// Subqueries are written out: drizzle leaves column names unqualified inside
// sql``, so a correlated `${x.id}` would silently refer to the inner table.

/**
 * The article's change sequence, checking in the same statement that the
 * article is live; 0 before anything was recorded. This is all an idle poll costs.
 */
export async function changeCursor(db: DbOrTx, articleId: number): Promise<number> {
  const row = await db
    .select({ cursor: articles.changeSeq })
    .from(articles)
    .where(and(eq(articles.id, articleId), isNull(articles.deletedAt)))
    .get();
  if (!row) throw missing(articleId);
  return row.cursor;
}

const live = (articleId: number) => and(eq(annotations.articleId, articleId), isNull(annotations.deletedAt));

/** Every live annotation as the index knows it: no evidence rows, no rationale, quotes only for orphans. */
async function summaries(db: DbOrTx, articleId: number): Promise<AnnotationSummary[]> {
  return (
    await db
      .select({
        id: annotations.id,
        from: annotations.anchorFrom,
        to: annotations.anchorTo,
        // Imported "Needs a verdict": the key is a placeholder, so the index shows none.
        verdict: sql<string>`case when ${annotations.needsVerdict} then '' else ${annotations.verdictKey} end`,
        status: annotations.status,
        anchorStatus: annotations.anchorStatus,
        anchorScore: annotations.anchorScore,
        version: annotations.version,
        authorId: annotations.authorId,
        author: annotations.authorName,
        updatedBy: annotations.updatedBy,
        // Correlated, so evidence_order_idx answers it per row without reading a single link.
        evidenceCount: sql<number>`(select count(*) from evidence e where e.annotation_id = "annotations"."id")`,
        exact: sql<string | null>`case when ${annotations.anchorStatus} = 'orphaned' then ${annotations.exact} end`,
      })
      .from(annotations)
      .where(live(articleId))
      .all()
  ).sort(compareByPosition);
}

/**
 * The compact index of an article's live annotations, in document order, with
 * the cursor read in the same transaction: a change lands either in the rows
 * or after the cursor, never between them.
 */
export async function annotationIndex(db: Db, articleId: number): Promise<AnnotationIndex> {
  return withReadTx(db, async (tx) => {
    const cursor = await changeCursor(tx, articleId);
    return encodeIndex(cursor, await summaries(tx, articleId));
  });
}

/** Full versions of those of `ids` that are live annotations of this live article; the others are simply absent. */
export async function annotationDetails(db: Db, articleId: number, ids: string[]): Promise<AnnotationView[]> {
  return withReadTx(db, async (tx) => {
    await requireLiveArticle(tx, articleId);
    const rows = await tx
      .select()
      .from(annotations)
      .where(and(live(articleId), inArray(annotations.id, ids)))
      .all();
    return await withEvidence(tx, rows);
  });
}

export const cursorAhead = (since: number, cursor: number) =>
  `This article has no change ${since}: its latest is ${cursor}. Reload the article to start again from there.`;

/**
 * A new revision moves annotations without an event of their own (shifted but
 * unchanged ones are too many to record one by one), so an 'article.revision_saved'
 * after the cursor means every live annotation changed. Revisions are rare, and
 * the editor reloads the text then anyway.
 */
const REVISION_SAVED: EventType = 'article.revision_saved';

/**
 * What changed after `since`: full versions of the annotations that events
 * after it touched and that are live now, and the ids of those that are not
 * (deleted, or gone). The same cursor and empty lists when nothing moved.
 */
export async function annotationChanges(db: Db, articleId: number, since: number, shownRevision?: number): Promise<AnnotationChanges> {
  return withReadTx(db, async (tx) => {
    const cursor = await changeCursor(tx, articleId);
    if (since > cursor) throw invalidInput(cursorAhead(since, cursor));
    const revision = await currentRevision(tx, articleId);
    // A page on an older text: every annotation moved for it, and none of the new positions fit. It reloads instead of downloading them.
    if (since === cursor || (shownRevision !== undefined && shownRevision !== revision))
      return { cursor, revision, changed: [], removed: [] };

    const after = and(eq(events.articleId, articleId), gt(events.seq, since));
    const touched = await tx
      .selectDistinct({ id: sql<string>`${events.annotationId}` })
      .from(events)
      .where(and(after, isNotNull(events.annotationId)));
    const revised =
      (await tx
        .select({ seq: events.seq })
        .from(events)
        .where(and(after, eq(events.type, REVISION_SAVED)))
        .limit(1)
        .get()) !== undefined;
    const rows = await tx
      .select()
      .from(annotations)
      .where(
        revised
          ? live(articleId)
          : and(
              live(articleId),
              inArray(
                annotations.id,
                touched.map((t) => t.id),
              ),
            ),
      )
      .all();
    const changed = await withEvidence(tx, rows);
    const present = new Set(rows.map((r) => r.id));
    const removed = touched.map((r) => r.id).filter((id) => !present.has(id));
    return { cursor, revision, changed, removed };
  });
}
