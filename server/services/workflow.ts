// Sign-off: submit, approve, request changes. Each step checks who may take it
// and from which status, and writes its history entry in the same transaction.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { annotations, verdicts } from '@/db/schema';
import type { AnnotationView } from '../domain/annotation';
import type { Actor } from '../domain/roles';
import {
  approvalProblems,
  CAN_REVIEW_FROM,
  CAN_SUBMIT_FROM,
  mayReview,
  maySubmit,
  REVIEW_REFUSAL,
  STATUS_LABELS,
  SUBMIT_REFUSAL,
  type AnnotationStatus,
} from '../domain/workflow';
import { forbidden, invalidInput } from '../errors';
import { getAnnotation, liveRow } from './annotations';
import { addComment } from './comments';
import { recordEvent } from './events';
import { getOrganisation } from './settings';
import { inTransaction } from './transaction';

function move(tx: Tx, actor: Actor, current: AnnotationView, to: AnnotationStatus, after: Record<string, unknown>): AnnotationView {
  tx.update(annotations)
    .set({ status: to, version: current.version + 1, updatedAt: new Date().toISOString() })
    .where(eq(annotations.id, current.id))
    .run();
  recordEvent(tx, {
    type: 'annotation.status',
    actor,
    articleId: current.articleId,
    annotationId: current.id,
    before: { status: current.status },
    after: { status: to, ...after },
  });
  return getAnnotation(tx, current.id);
}

function wrongStatus(current: AnnotationView, action: string): never {
  throw invalidInput(`This annotation is ${STATUS_LABELS[current.status]}: it cannot be ${action} now`);
}

export function submitAnnotation(db: Db, actor: Actor, id: string): AnnotationView {
  return inTransaction(db, (tx) => {
    const current = getAnnotation(tx, id);
    if (!maySubmit(actor, current)) throw forbidden(SUBMIT_REFUSAL);
    if (current.status === 'in_review') return current; // a retried submit
    if (!CAN_SUBMIT_FROM.includes(current.status)) wrongStatus(current, 'submitted for review');
    return move(tx, actor, current, 'in_review', { via: 'submit' });
  });
}

export function approveAnnotation(db: Db, actor: Actor, id: string): AnnotationView {
  return inTransaction(db, (tx) => {
    const current = getAnnotation(tx, id);
    const { allowSelfApproval } = getOrganisation(tx);
    if (!mayReview(actor, current, allowSelfApproval)) throw forbidden(REVIEW_REFUSAL);
    if (current.status === 'approved') return current;
    if (!CAN_REVIEW_FROM.includes(current.status)) wrongStatus(current, 'approved');
    const verdict = tx.select().from(verdicts).where(eq(verdicts.key, current.verdict)).get();
    const problems = approvalProblems(current, verdict?.requiresEvidence ?? true);
    if (problems.length) throw invalidInput(`Cannot approve: ${problems.join('; ')}.`);
    return move(tx, actor, current, 'approved', { via: 'approve', selfApproved: current.authorId === actor.id });
  });
}

/** Sends it back to its author, with a comment in its discussion saying what to change. */
export function requestChanges(db: Db, actor: Actor, id: string, comment: string): AnnotationView {
  return inTransaction(db, (tx) => {
    liveRow(tx, id);
    const current = getAnnotation(tx, id);
    const { allowSelfApproval } = getOrganisation(tx);
    if (!mayReview(actor, current, allowSelfApproval)) throw forbidden(REVIEW_REFUSAL);
    if (!CAN_REVIEW_FROM.includes(current.status) && current.status !== 'approved') wrongStatus(current, 'sent back for changes');
    addComment(tx, actor, { id: randomUUID(), annotationId: id, articleId: current.articleId, body: comment });
    return move(tx, actor, current, 'changes_requested', { via: 'request_changes' });
  });
}
