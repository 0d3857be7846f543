// Annotations: every write checks the article and the verdict, and writes the
// annotation with its evidence in one transaction. Knows nothing of HTTP.
import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { annotations, evidence, verdicts, type AnnotationRow, type EvidenceRow } from '@/db/schema';
import { checkAnchor } from '../domain/anchoring';
import { compareByPosition, type AnnotationView } from '../domain/annotation';
import type { createAnnotationInput, reattachAnnotationInput, updateAnnotationInput } from '../domain/annotation.types';
import { DELETE_OTHERS_REFUSAL, EDIT_OTHERS_REFUSAL, mayChangeAnnotation, type Actor } from '../domain/roles';
import { conflict, forbidden, invalidInput, notFound } from '../errors';
import { anchorColumns } from './anchor-columns';
import { getArticleRow, loadArticle } from './articles';
import { currentRevision } from './revisions';

type CreateInput = z.output<typeof createAnnotationInput>;
type UpdateInput = z.output<typeof updateAnnotationInput>;

const now = () => new Date().toISOString();

function toView(row: AnnotationRow, items: EvidenceRow[]): AnnotationView {
  return {
    id: row.id,
    articleId: row.articleId,
    from: row.anchorFrom,
    to: row.anchorTo,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    verdict: row.verdictKey,
    rationale: row.rationale,
    author: row.authorName,
    authorId: row.authorId,
    updatedBy: row.updatedBy,
    status: row.status,
    anchorStatus: row.anchorStatus,
    anchorScore: row.anchorScore,
    claimSummary: row.claimSummary,
    claimAuthor: row.claimAuthor,
    claimAppearanceUrl: row.claimAppearanceUrl,
    claimAppearanceDate: row.claimAppearanceDate,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    evidence: items
      .sort((a, b) => a.position - b.position)
      .map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt })),
  };
}

function withEvidence(db: DbOrTx, rows: AnnotationRow[]): AnnotationView[] {
  if (rows.length === 0) return [];
  const items = db
    .select()
    .from(evidence)
    .where(inArray(evidence.annotationId, rows.map((r) => r.id)))
    .orderBy(asc(evidence.position))
    .all();
  const byAnnotation = new Map<string, EvidenceRow[]>();
  for (const item of items) byAnnotation.set(item.annotationId, [...(byAnnotation.get(item.annotationId) ?? []), item]);
  return rows.map((row) => toView(row, byAnnotation.get(row.id) ?? [])).sort(compareByPosition);
}

export function listAnnotations(db: Db, articleId: number): AnnotationView[] {
  getArticleRow(db, articleId);
  const rows = db
    .select()
    .from(annotations)
    .where(and(eq(annotations.articleId, articleId), isNull(annotations.deletedAt)))
    .all();
  return withEvidence(db, rows);
}

function findRow(db: DbOrTx, id: string): AnnotationRow | undefined {
  return db.select().from(annotations).where(eq(annotations.id, id)).get();
}

function liveRow(db: DbOrTx, id: string): AnnotationRow {
  const row = findRow(db, id);
  if (!row || row.deletedAt) throw notFound(`Annotation ${id} does not exist`);
  return row;
}

/** Reviewers change their own annotations; editors and admins anyone's. */
function requireMayChange(actor: Actor, row: AnnotationRow, refusal = EDIT_OTHERS_REFUSAL): void {
  if (!mayChangeAnnotation(actor, row.authorId)) throw forbidden(refusal);
}

/** Who changed it last, when that is not its author: the author is never replaced. */
function editorColumns(actor: Actor, row: AnnotationRow) {
  return row.authorId === actor.id ? { updatedBy: null, updatedById: null } : { updatedBy: actor.name, updatedById: actor.id };
}

function requireVerdict(db: DbOrTx, key: string): void {
  if (!db.select({ key: verdicts.key }).from(verdicts).where(eq(verdicts.key, key)).get()) {
    throw invalidInput(`Unknown verdict "${key}"`);
  }
}

function replaceEvidence(tx: Tx, annotationId: string, items: CreateInput['evidence']): void {
  tx.delete(evidence).where(eq(evidence.annotationId, annotationId)).run();
  if (items.length === 0) return;
  tx.insert(evidence)
    .values(items.map((e, position) => ({ annotationId, url: e.url, title: e.title, excerpt: e.excerpt ?? null, position })))
    .run();
}

/** The columns a reviewer edits, as stored. */
function editableColumns(input: CreateInput | UpdateInput) {
  return {
    verdictKey: input.verdict,
    rationale: input.rationale,
    status: input.status,
    claimSummary: input.claimSummary,
    claimAuthor: input.claimAuthor,
    claimAppearanceUrl: input.claimAppearanceUrl,
    claimAppearanceDate: input.claimAppearanceDate,
  };
}

function sameContent(view: AnnotationView, input: UpdateInput): boolean {
  const wanted = editableColumns(input);
  return (
    view.verdict === wanted.verdictKey &&
    view.rationale === wanted.rationale &&
    view.status === wanted.status &&
    view.claimSummary === wanted.claimSummary &&
    view.claimAuthor === wanted.claimAuthor &&
    view.claimAppearanceUrl === wanted.claimAppearanceUrl &&
    view.claimAppearanceDate === wanted.claimAppearanceDate &&
    JSON.stringify(view.evidence) ===
      JSON.stringify(input.evidence.map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt ?? null })))
  );
}

export function getAnnotation(db: DbOrTx, id: string): AnnotationView {
  return withEvidence(db, [liveRow(db, id)])[0];
}

export function createAnnotation(db: Db, actor: Actor, input: CreateInput): AnnotationView {
  const { doc } = loadArticle(db, input.articleId);
  requireVerdict(db, input.verdict);
  const checked = checkAnchor(doc, input.anchor);
  if (!checked.ok) throw invalidInput(checked.reason);
  const { anchor } = checked;

  return db.transaction((tx) => {
    const existing = findRow(tx, input.id);
    if (existing) {
      // A retried create whose first attempt was saved: answer as if it had just been made.
      if (existing.articleId === input.articleId && !existing.deletedAt && existing.anchorFrom === anchor.from && existing.anchorTo === anchor.to) {
        return getAnnotation(tx, input.id);
      }
      throw conflict(`An annotation with id ${input.id} already exists`);
    }
    tx.insert(annotations)
      .values({
        id: input.id,
        articleId: input.articleId,
        ...anchorColumns(doc, anchor),
        anchorRevision: currentRevision(tx, input.articleId),
        ...editableColumns(input),
        authorName: actor.name,
        authorId: actor.id,
      })
      .run();
    replaceEvidence(tx, input.id, input.evidence);
    return getAnnotation(tx, input.id);
  });
}

export function updateAnnotation(db: Db, actor: Actor, input: UpdateInput): AnnotationView {
  requireVerdict(db, input.verdict);
  return db.transaction((tx) => {
    const row = liveRow(tx, input.id);
    requireMayChange(actor, row);
    const current = getAnnotation(tx, input.id);
    if (current.version !== input.expectedVersion) {
      // The same change retried after a lost response is not a conflict.
      if (sameContent(current, input)) return current;
      throw conflict(
        `This annotation was changed by ${current.updatedBy ?? current.author} at ${current.updatedAt} (version ${current.version}; you edited version ${input.expectedVersion}).`,
      );
    }
    tx.update(annotations)
      .set({
        ...editableColumns(input),
        ...editorColumns(actor, row),
        version: current.version + 1,
        updatedAt: now(),
      })
      .where(eq(annotations.id, input.id))
      .run();
    replaceEvidence(tx, input.id, input.evidence);
    return getAnnotation(tx, input.id);
  });
}

/** Soft delete, so that the reviewer can undo. Deleting twice is not an error. */
export function deleteAnnotation(db: Db, actor: Actor, id: string): { id: string } {
  const row = findRow(db, id);
  if (!row) throw notFound(`Annotation ${id} does not exist`);
  requireMayChange(actor, row, DELETE_OTHERS_REFUSAL);
  if (!row.deletedAt) {
    db.update(annotations)
      .set({ deletedAt: now(), ...editorColumns(actor, row), version: row.version + 1, updatedAt: now() })
      .where(eq(annotations.id, id))
      .run();
  }
  return { id };
}

export function restoreAnnotation(db: Db, actor: Actor, id: string): AnnotationView {
  const row = findRow(db, id);
  if (!row) throw notFound(`Annotation ${id} does not exist`);
  requireMayChange(actor, row, DELETE_OTHERS_REFUSAL);
  if (row.deletedAt) {
    db.update(annotations)
      .set({ deletedAt: null, ...editorColumns(actor, row), version: row.version + 1, updatedAt: now() })
      .where(eq(annotations.id, id))
      .run();
  }
  return getAnnotation(db, id);
}

/** Puts an annotation (typically an orphan) on new text the reviewer selected. */
export function reattachAnnotation(db: Db, actor: Actor, input: z.output<typeof reattachAnnotationInput>): AnnotationView {
  const row = liveRow(db, input.id);
  requireMayChange(actor, row);
  const { doc } = loadArticle(db, row.articleId);
  const checked = checkAnchor(doc, input.anchor);
  if (!checked.ok) throw invalidInput(checked.reason);
  const { anchor } = checked;
  return db.transaction((tx) => {
    const current = liveRow(tx, input.id);
    if (current.version !== input.expectedVersion) {
      throw conflict(`This annotation was changed by someone else (version ${current.version}, you had version ${input.expectedVersion}). Reload to see the latest version.`);
    }
    tx.update(annotations)
      .set({
        ...anchorColumns(doc, anchor),
        anchorStatus: 'exact',
        anchorScore: null,
        anchorRevision: currentRevision(tx, current.articleId),
        version: current.version + 1,
        updatedAt: now(),
      })
      .where(eq(annotations.id, input.id))
      .run();
    return getAnnotation(tx, input.id);
  });
}

/** A reviewer has checked a moved or fuzzy anchor and accepts where it landed. */
export function confirmAnchor(db: Db, actor: Actor, id: string): AnnotationView {
  const row = liveRow(db, id);
  requireMayChange(actor, row);
  if (row.anchorStatus === 'orphaned') throw invalidInput('This annotation is not on the text: re-attach it to a selection instead');
  if (row.anchorStatus !== 'exact') {
    db.update(annotations)
      .set({ anchorStatus: 'exact', anchorScore: null, version: row.version + 1, updatedAt: now() })
      .where(eq(annotations.id, id))
      .run();
  }
  return getAnnotation(db, id);
}
