import { rawAll } from '@/db/raw';
// Each person's work across articles ("My work"), and assigning an annotation
// to someone. Assignment is recorded in the history like any other change.
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { annotations, user } from '@/db/schema';
import { can } from '../domain/policy';
import type { Actor } from '../domain/roles';
import { annotationHref, type Assignee, type QueueItem, type WorkQueue } from '../domain/search.types';
import { forbidden, invalidInput } from '../errors';
import { liveRow } from './annotations';
import { recordEvent } from './events';
import { withTx } from './transaction';
import { getOrganisation } from './settings';

const QUEUE_LIMIT = 200;

export const ASSIGN_REFUSAL = 'Reviewers can take an unassigned annotation for themselves; only editors and admins assign others';
export const NOT_ASSIGNABLE = 'Only reviewers, editors and admins who still have access can be assigned an annotation';

interface Row {
  annotationId: string;
  articleId: number;
  articleTitle: string;
  quote: string;
  verdict: string;
  status: QueueItem['status'];
  author: string;
  assignee: string | null;
  updatedAt: string;
}

async function queueRows(db: Db, where: ReturnType<typeof sql>): Promise<QueueItem[]> {
  return (
    await rawAll<Row>(
      db,
      sql`SELECT an.id AS "annotationId", an.article_id AS "articleId", ar.title AS "articleTitle", an.exact AS quote,
        CASE WHEN an.needs_verdict THEN '' ELSE an.verdict_key END AS verdict, an.status AS status, an.author_name AS author, u.name AS assignee, an.updated_at AS "updatedAt"
      FROM annotations an
      JOIN articles ar ON ar.id = an.article_id AND ar.deleted_at IS NULL
      LEFT JOIN "user" u ON u.id = an.assigned_to_id
      WHERE an.deleted_at IS NULL AND ${where}
      ORDER BY an.updated_at DESC, an.id LIMIT ${QUEUE_LIMIT}`,
    )
  ).map((row) => ({ ...row, href: annotationHref(row.articleId, row.annotationId) }));
}

export async function workQueue(db: Db, actor: Actor): Promise<WorkQueue> {
  const mayReview = can.review(actor);
  const { allowSelfApproval } = await getOrganisation(db);
  return {
    // Editors and admins approve; their own annotations wait for someone else unless the desk allows self-approval.
    waitingForReview: mayReview
      ? await queueRows(
          db,
          allowSelfApproval ? sql`an.status = 'in_review'` : sql`an.status = 'in_review' AND coalesce(an.author_id, '') <> ${actor.id}`,
        )
      : null,
    changesRequested: await queueRows(db, sql`an.status = 'changes_requested' AND an.author_id = ${actor.id}`),
    assignedToMe: await queueRows(db, sql`an.assigned_to_id = ${actor.id} AND an.status <> 'approved'`),
    drafts: await queueRows(db, sql`an.status = 'draft' AND an.author_id = ${actor.id}`),
  };
}

/** Everyone who may annotate (reviewers, editors, admins with access): whom an editor can assign. */
export async function assignees(db: Db): Promise<Assignee[]> {
  return (
    await db
      .select({ id: user.id, name: user.name, role: user.role })
      .from(user)
      .where(isNull(user.accessRemovedAt))
      .orderBy(user.name)
      .all()
  )
    .filter((p) => can.beAssigned(p))
    .map(({ id, name }) => ({ id, name }));
}

/** The annotation's assignee, by id and name (null when nobody). */
export async function assigneeOf(db: DbOrTx, annotationId: string): Promise<Assignee | null> {
  const row = await liveRow(db, annotationId);
  if (!row.assignedToId) return null;
  const person = await db.select({ id: user.id, name: user.name }).from(user).where(eq(user.id, row.assignedToId)).get();
  return person ?? null;
}

/**
 * Editors and admins assign anyone who may annotate, or nobody; a reviewer
 * takes an unassigned annotation for themselves (and may give it back).
 */
export async function assignAnnotation(db: Db, actor: Actor, input: { id: string; assigneeId: string | null }): Promise<Assignee | null> {
  return withTx(db, async (tx) => {
    const row = await liveRow(tx, input.id);
    if (!can.assign(actor, row, input.assigneeId)) throw forbidden(ASSIGN_REFUSAL, 'role');
    if (row.assignedToId === input.assigneeId) return await assigneeOf(tx, input.id);
    let next: Assignee | null = null;
    if (input.assigneeId) {
      const person = await tx
        .select({ id: user.id, name: user.name, role: user.role })
        .from(user)
        .where(and(eq(user.id, input.assigneeId), isNull(user.accessRemovedAt)))
        .get();
      if (!person || !can.beAssigned(person)) throw invalidInput(NOT_ASSIGNABLE);
      next = { id: person.id, name: person.name };
    }
    const previous = row.assignedToId
      ? ((await tx.select({ name: user.name }).from(user).where(eq(user.id, row.assignedToId)).get())?.name ?? null)
      : null;
    await tx
      .update(annotations)
      .set({ assignedToId: next?.id ?? null })
      .where(eq(annotations.id, input.id))
      .run();
    await recordEvent(tx, {
      type: 'annotation.assigned',
      actor,
      articleId: row.articleId,
      annotationId: row.id,
      before: { assignee: previous },
      after: { assignee: next?.name ?? null, assigneeId: next?.id ?? null },
    });
    return next;
  });
}
