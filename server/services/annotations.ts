// Annotations: every write checks the article, the verdict and who is asking,
// and writes the annotation, its evidence and its history entry in one
// transaction. Knows nothing of HTTP.
import 'server-only';
import { and, asc, eq, getTableColumns, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { annotations, articles, evidence, verdicts, type AnnotationRow, type EvidenceRow } from '@/db/schema';
import { checkAnchor } from '../domain/anchoring';
import { compareByPosition, type AnnotationView } from '../domain/annotation';
import type {
  createAnnotationInput,
  discardVersionInput,
  reattachAnnotationInput,
  updateAnnotationInput,
} from '../domain/annotation.types';
import type { AnnotationSnapshot } from '../domain/history';
import { can } from '../domain/policy';
import { DELETE_OTHERS_REFUSAL, EDIT_OTHERS_REFUSAL, type Actor } from '../domain/roles';
import { REVIEWED_FIELDS } from '../domain/workflow';
import { conflict, forbidden, invalidInput, notFound } from '../errors';
import { anchorColumns } from './anchor-columns';
import { backToReview } from './back-to-review';
import { requireLiveArticle } from './articles';
import { articleText } from './article-text';
import { recordEvent } from './events';
import { indexAnnotation } from './search-index';
import { currentRevision } from './revisions';
import { withTx } from './transaction';

type CreateInput = z.output<typeof createAnnotationInput>;
type UpdateInput = z.output<typeof updateAnnotationInput>;
type EditableFields = Pick<
  UpdateInput,
  'verdict' | 'rationale' | 'evidence' | 'claimSummary' | 'claimAuthor' | 'claimAppearanceUrl' | 'claimAppearanceDate'
>;

const now = () => new Date().toISOString();

export const ANNOTATION_GONE = 'This annotation does not exist any more: someone may have deleted it';

function toView(row: AnnotationRow, items: EvidenceRow[]): AnnotationView {
  return {
    id: row.id,
    articleId: row.articleId,
    from: row.anchorFrom,
    to: row.anchorTo,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    // Imported without a verdict: the column holds a placeholder, nobody's choice.
    verdict: row.needsVerdict ? '' : row.verdictKey,
    rationale: row.rationale,
    author: row.authorName,
    authorId: row.authorId,
    updatedBy: row.updatedBy,
    status: row.status,
    previousExact: row.previousExact,
    recheckQuote: row.recheckQuote,
    discussionResolved: row.discussionResolvedAt !== null,
    anchorStatus: row.anchorStatus,
    anchorScore: row.anchorScore,
    claimSummary: row.claimSummary,
    claimAuthor: row.claimAuthor,
    claimAppearanceUrl: row.claimAppearanceUrl,
    claimAppearanceDate: row.claimAppearanceDate,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    tags: row.tags,
    needsVerdict: row.needsVerdict,
    evidence: items.sort((a, b) => a.position - b.position).map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt })),
  };
}

/** Full views of these rows, with their evidence, in document order. */
export async function withEvidence(db: DbOrTx, rows: AnnotationRow[]): Promise<AnnotationView[]> {
  if (rows.length === 0) return [];
  const items = await db
    .select()
    .from(evidence)
    .where(
      inArray(
        evidence.annotationId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(evidence.position))
    .all();
  const byAnnotation = new Map<string, EvidenceRow[]>();
  for (const item of items) byAnnotation.set(item.annotationId, [...(byAnnotation.get(item.annotationId) ?? []), item]);
  return rows.map((row) => toView(row, byAnnotation.get(row.id) ?? [])).sort(compareByPosition);
}

export async function listAnnotations(db: DbOrTx, articleId: number): Promise<AnnotationView[]> {
  await requireLiveArticle(db, articleId);
  const rows = await db
    .select()
    .from(annotations)
    .where(and(eq(annotations.articleId, articleId), isNull(annotations.deletedAt)))
    .all();
  return await withEvidence(db, rows);
}

/** An annotation, deleted or not, of an article that is not deleted: a deleted article takes its annotations with it. */
export async function findRow(db: DbOrTx, id: string): Promise<AnnotationRow | undefined> {
  return await db
    .select(getTableColumns(annotations))
    .from(annotations)
    .innerJoin(articles, eq(articles.id, annotations.articleId))
    .where(and(eq(annotations.id, id), isNull(articles.deletedAt)))
    .get();
}

export async function liveRow(db: DbOrTx, id: string): Promise<AnnotationRow> {
  const row = await findRow(db, id);
  if (!row || row.deletedAt) throw notFound(ANNOTATION_GONE);
  return row;
}

/** Reviewers change their own annotations; editors and admins anyone's. */
export function requireMayChange(actor: Actor, row: AnnotationRow, refusal = EDIT_OTHERS_REFUSAL): void {
  if (!can.editAnnotation(actor, row)) throw forbidden(refusal);
}

/** Who changed it last, when that is not its author: the author is never replaced. */
export function editorColumns(actor: Actor, row: AnnotationRow) {
  return row.authorId === actor.id ? { updatedBy: null, updatedById: null } : { updatedBy: actor.name, updatedById: actor.id };
}

async function requireVerdict(db: DbOrTx, key: string): Promise<void> {
  if (!(await db.select({ key: verdicts.key }).from(verdicts).where(eq(verdicts.key, key)).get())) {
    throw invalidInput(`Unknown verdict "${key}"`);
  }
}

export async function replaceEvidence(tx: Tx, annotationId: string, items: EditableFields['evidence']): Promise<void> {
  await tx.delete(evidence).where(eq(evidence.annotationId, annotationId)).run();
  if (items.length === 0) return;
  await tx
    .insert(evidence)
    .values(items.map((e, position) => ({ annotationId, url: e.url, title: e.title, excerpt: e.excerpt ?? null, position })))
    .run();
}

/** The columns a reviewer edits, as stored. */
function editableColumns(input: EditableFields) {
  return {
    verdictKey: input.verdict,
    // A verdict of the scale was checked on the way in: an imported "Needs a verdict" has one now.
    needsVerdict: false,
    rationale: input.rationale,
    claimSummary: input.claimSummary,
    claimAuthor: input.claimAuthor,
    claimAppearanceUrl: input.claimAppearanceUrl,
    claimAppearanceDate: input.claimAppearanceDate,
  };
}

export function snapshotOf(view: AnnotationView): AnnotationSnapshot {
  return {
    exact: view.exact,
    verdict: view.verdict,
    rationale: view.rationale,
    evidence: view.evidence.map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt })),
    status: view.status,
    claimSummary: view.claimSummary,
    claimAuthor: view.claimAuthor,
    claimAppearanceUrl: view.claimAppearanceUrl,
    claimAppearanceDate: view.claimAppearanceDate,
  };
}

const evidenceKey = (items: { url: string; title: string; excerpt?: string | null }[]) =>
  JSON.stringify(items.map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt ?? null })));

/** The reviewed fields that differ, with their values before and after. */
export function changedFields(
  view: AnnotationView,
  input: EditableFields,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of REVIEWED_FIELDS) {
    const was = field === 'evidence' ? evidenceKey(view.evidence) : view[field];
    const now = field === 'evidence' ? evidenceKey(input.evidence) : input[field];
    if (was === now) continue;
    before[field] = field === 'evidence' ? view.evidence.map((e) => ({ url: e.url, title: e.title })) : view[field];
    after[field] = field === 'evidence' ? input.evidence.map((e) => ({ url: e.url, title: e.title })) : input[field];
  }
  return { before, after };
}

export async function getAnnotation(db: DbOrTx, id: string): Promise<AnnotationView> {
  return (await withEvidence(db, [await liveRow(db, id)]))[0];
}

/** Any annotation, deleted or not: history and restore need them. */
export async function getAnyAnnotation(db: DbOrTx, id: string): Promise<AnnotationView> {
  const row = await findRow(db, id);
  if (!row) throw notFound(ANNOTATION_GONE);
  return (await withEvidence(db, [row]))[0];
}

export const REVISED_MEANWHILE = 'The article got a new revision while this was being saved: select the text again';

/** The text was checked before the transaction: a revision saved since then would put the anchor on the wrong words. */
async function requireRevision(tx: Tx, articleId: number, checkedOn: number): Promise<void> {
  if ((await currentRevision(tx, articleId)) !== checkedOn) throw conflict(REVISED_MEANWHILE, 'revised_meanwhile');
}

export async function createAnnotation(db: Db, actor: Actor, input: CreateInput): Promise<AnnotationView> {
  const { doc, index, revision } = await articleText(db, input.articleId);
  await requireVerdict(db, input.verdict);
  const checked = checkAnchor(doc, input.anchor);
  if (!checked.ok) throw invalidInput(checked.reason, 'anchor_mismatch');
  const { anchor } = checked;

  return withTx(db, async (tx) => {
    await requireRevision(tx, input.articleId, revision);
    // Ids are unique across articles, deleted ones included.
    const existing = await tx.select().from(annotations).where(eq(annotations.id, input.id)).get();
    if (existing) {
      // A retried create whose first attempt was saved: answer as if it had just been made.
      if (
        existing.articleId === input.articleId &&
        !existing.deletedAt &&
        existing.anchorFrom === anchor.from &&
        existing.anchorTo === anchor.to
      ) {
        return await getAnnotation(tx, input.id);
      }
      throw conflict(`An annotation with id ${input.id} already exists`);
    }
    await tx
      .insert(annotations)
      .values({
        id: input.id,
        articleId: input.articleId,
        ...anchorColumns(doc, anchor, index),
        anchorRevision: revision,
        ...editableColumns(input),
        status: 'draft',
        authorName: actor.name,
        authorId: actor.id,
      })
      .run();
    await replaceEvidence(tx, input.id, input.evidence);
    await indexAnnotation(tx, input.id);
    const created = await getAnnotation(tx, input.id);
    await recordEvent(tx, {
      type: 'annotation.created',
      actor,
      articleId: input.articleId,
      annotationId: input.id,
      after: snapshotOf(created),
    });
    return created;
  });
}

/**
 * Writes new content over `current` with its history entry. A change to the
 * reviewed fields of an approved annotation sends it back to review.
 */
export async function writeContent(
  tx: Tx,
  actor: Actor,
  row: AnnotationRow,
  current: AnnotationView,
  input: EditableFields,
  type: 'annotation.updated' | 'annotation.version_restored',
  extra: Record<string, unknown> = {},
): Promise<AnnotationView> {
  const { before, after } = changedFields(current, input);
  if (Object.keys(after).length === 0) return current;
  const review = backToReview(current.status, true);
  await tx
    .update(annotations)
    .set({
      ...editableColumns(input),
      ...editorColumns(actor, row),
      ...review.columns,
      version: current.version + 1,
      updatedAt: now(),
    })
    .where(eq(annotations.id, current.id))
    .run();
  await replaceEvidence(tx, current.id, input.evidence);
  await indexAnnotation(tx, current.id);
  const updated = await getAnnotation(tx, current.id);
  // The whole version after the change rides along, so it can be restored from the history later.
  await recordEvent(tx, {
    type,
    actor,
    articleId: current.articleId,
    annotationId: current.id,
    before,
    after: { ...after, ...extra, snapshot: snapshotOf(updated) },
  });
  await review.record(tx, actor, { articleId: current.articleId, annotationId: current.id }, 'edit');
  return updated;
}

export async function updateAnnotation(db: Db, actor: Actor, input: UpdateInput): Promise<AnnotationView> {
  await requireVerdict(db, input.verdict);
  return withTx(db, async (tx) => {
    const row = await liveRow(tx, input.id);
    requireMayChange(actor, row);
    const current = await getAnnotation(tx, input.id);
    if (current.version !== input.expectedVersion) {
      // The same change retried after a lost response is not a conflict.
      if (Object.keys(changedFields(current, input).after).length === 0) return current;
      throw conflict(
        `This annotation was changed by ${current.updatedBy ?? current.author} at ${current.updatedAt} (version ${current.version}; you edited version ${input.expectedVersion}).`,
      );
    }
    return await writeContent(tx, actor, row, current, input, 'annotation.updated');
  });
}

/**
 * "Keep theirs" after a conflict: nothing changes but the history, which keeps
 * the version this person gave up, so no one's work disappears unrecorded.
 */
export async function discardVersion(db: Db, actor: Actor, input: z.output<typeof discardVersionInput>): Promise<{ eventId: number }> {
  return withTx(db, async (tx) => {
    const row = await liveRow(tx, input.id);
    requireMayChange(actor, row);
    // History keeps only verdicts of the scale (a lone surrogate or made-up key is nobody's version).
    if (!(await tx.select({ key: verdicts.key }).from(verdicts).where(eq(verdicts.key, input.verdict)).get())) {
      throw invalidInput('That verdict is not on the scale');
    }
    const eventId = await recordEvent(tx, {
      type: 'annotation.conflict_discarded',
      actor,
      articleId: row.articleId,
      annotationId: row.id,
      before: {
        verdict: input.verdict,
        rationale: input.rationale,
        evidence: input.evidence.map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt ?? null })),
        // Only the claim details sent: a version restored from this entry keeps the current ones for the rest.
        ...Object.fromEntries(
          (['claimSummary', 'claimAuthor', 'claimAppearanceUrl', 'claimAppearanceDate'] as const)
            .filter((field) => input[field] !== undefined)
            .map((field) => [field, input[field]]),
        ),
      },
      after: { keptVersion: row.version },
    });
    return { eventId };
  });
}

/** Soft delete, so that the reviewer can undo and an editor can restore from history. Deleting twice is not an error. */
export async function deleteAnnotation(db: Db, actor: Actor, id: string): Promise<{ id: string }> {
  return withTx(db, async (tx) => {
    const row = await findRow(tx, id);
    if (!row) throw notFound(ANNOTATION_GONE);
    requireMayChange(actor, row, DELETE_OTHERS_REFUSAL);
    if (!row.deletedAt) {
      const before = snapshotOf(await getAnnotation(tx, id));
      await tx
        .update(annotations)
        .set({ deletedAt: now(), ...editorColumns(actor, row), version: row.version + 1, updatedAt: now() })
        .where(eq(annotations.id, id))
        .run();
      await recordEvent(tx, { type: 'annotation.deleted', actor, articleId: row.articleId, annotationId: id, before });
      await indexAnnotation(tx, id);
    }
    return { id };
  });
}

export async function restoreAnnotation(db: Db, actor: Actor, id: string): Promise<AnnotationView> {
  return withTx(db, async (tx) => {
    const row = await findRow(tx, id);
    if (!row) throw notFound(ANNOTATION_GONE);
    requireMayChange(actor, row, DELETE_OTHERS_REFUSAL);
    if (row.deletedAt) {
      // Re-anchored while deleted (which changes no status): an approved verdict whose text changed goes back to review now.
      const review = backToReview(row.status, row.anchorStatus !== 'exact');
      await tx
        .update(annotations)
        .set({
          deletedAt: null,
          ...review.columns,
          ...editorColumns(actor, row),
          version: row.version + 1,
          updatedAt: now(),
        })
        .where(eq(annotations.id, id))
        .run();
      await indexAnnotation(tx, id);
      await recordEvent(tx, {
        type: 'annotation.restored',
        actor,
        articleId: row.articleId,
        annotationId: id,
        after: snapshotOf(await getAnnotation(tx, id)),
      });
      await review.record(tx, actor, { articleId: row.articleId, annotationId: id }, 'reanchor');
    }
    return await getAnnotation(tx, id);
  });
}

/** Puts an annotation (typically an orphan) on new text the reviewer selected. */
export async function reattachAnnotation(db: Db, actor: Actor, input: z.output<typeof reattachAnnotationInput>): Promise<AnnotationView> {
  const row = await liveRow(db, input.id);
  requireMayChange(actor, row);
  const { doc, index, revision } = await articleText(db, row.articleId);
  const checked = checkAnchor(doc, input.anchor);
  if (!checked.ok) throw invalidInput(checked.reason, 'anchor_mismatch');
  const { anchor } = checked;
  return withTx(db, async (tx) => {
    await requireRevision(tx, row.articleId, revision);
    const current = await liveRow(tx, input.id);
    if (current.version !== input.expectedVersion) {
      throw conflict(
        `This annotation was changed by someone else (version ${current.version}, you had version ${input.expectedVersion}). Reload to see the latest version.`,
      );
    }
    const columns = anchorColumns(doc, anchor, index);
    // An approved verdict put on other words is not published until it is approved again.
    const review = backToReview(
      current.status,
      columns.anchorFrom !== current.anchorFrom || columns.anchorTo !== current.anchorTo || columns.exact !== current.exact,
    );
    await tx
      .update(annotations)
      .set({
        ...columns,
        anchorStatus: 'exact',
        anchorScore: null,
        previousExact: null,
        anchorRevision: revision,
        ...review.columns,
        ...editorColumns(actor, current),
        version: current.version + 1,
        updatedAt: now(),
      })
      .where(eq(annotations.id, input.id))
      .run();
    await indexAnnotation(tx, input.id);
    await recordEvent(tx, {
      type: 'annotation.reattached',
      actor,
      articleId: current.articleId,
      annotationId: current.id,
      before: { exact: current.exact },
      after: { exact: columns.exact },
    });
    await review.record(tx, actor, { articleId: current.articleId, annotationId: current.id }, 'edit');
    return await getAnnotation(tx, input.id);
  });
}

/** A reviewer has compared the old and new quote of a moved or fuzzy anchor and accepts where it landed. */
export async function confirmAnchor(db: Db, actor: Actor, id: string): Promise<AnnotationView> {
  return withTx(db, async (tx) => {
    const row = await liveRow(tx, id);
    requireMayChange(actor, row);
    if (row.anchorStatus === 'orphaned') throw invalidInput('This annotation is not on the text: re-attach it to a selection instead');
    if (row.anchorStatus !== 'exact') {
      await tx
        .update(annotations)
        .set({
          anchorStatus: 'exact',
          anchorScore: null,
          previousExact: null,
          ...editorColumns(actor, row),
          version: row.version + 1,
          updatedAt: now(),
        })
        .where(eq(annotations.id, id))
        .run();
      await recordEvent(tx, {
        type: 'annotation.anchor_confirmed',
        actor,
        articleId: row.articleId,
        annotationId: id,
        before: { exact: row.previousExact ?? row.exact, anchorStatus: row.anchorStatus, score: row.anchorScore },
        after: { exact: row.exact },
      });
    }
    return await getAnnotation(tx, id);
  });
}
