// Sign-off: submit, approve, request changes. Each step checks who may take it
// and from which status, and writes its history entry in the same transaction.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { annotations, verdicts } from '@/db/schema';
import type { AnnotationView } from '../domain/annotation';
import { approvalRefusal, can, hasVerdict } from '../domain/policy';
import type { Actor } from '../domain/roles';
import {
  approvalProblems,
  CAN_REVIEW_FROM,
  CAN_SUBMIT_FROM,
  contentChangersSinceSubmission,
  NEEDS_VERDICT_REFUSAL,
  OWN_CHANGE_REFUSAL,
  REVIEW_REFUSAL,
  STATUS_LABELS,
  SUBMIT_REFUSAL,
  type AnnotationStatus,
} from '../domain/workflow';
import { verdictQuestionProblem } from '../domain/quote-change';
import { forbidden, invalidInput } from '../errors';
import { getAnnotation, liveRow } from './annotations';
import { addComment } from './comments';
import { annotationTrail, recordEvent } from './events';
import { getOrganisation } from './settings';
import { withTx } from './transaction';

async function move(
  tx: Tx,
  actor: Actor,
  current: AnnotationView,
  to: AnnotationStatus,
  after: Record<string, unknown>,
): Promise<AnnotationView> {
  await tx
    .update(annotations)
    .set({ status: to, version: current.version + 1, updatedAt: new Date().toISOString() })
    .where(eq(annotations.id, current.id))
    .run();
  await recordEvent(tx, {
    type: 'annotation.status',
    actor,
    articleId: current.articleId,
    annotationId: current.id,
    before: { status: current.status },
    after: { status: to, ...after },
  });
  return await getAnnotation(tx, current.id);
}

function wrongStatus(current: AnnotationView, action: string): never {
  throw invalidInput(`This annotation is ${STATUS_LABELS[current.status]}: it cannot be ${action} now`, 'wrong_status');
}

export async function submitAnnotation(db: Db, actor: Actor, id: string): Promise<AnnotationView> {
  return withTx(db, async (tx) => {
    const current = await getAnnotation(tx, id);
    if (!can.submit(actor, current)) throw forbidden(SUBMIT_REFUSAL, 'not_author');
    if (current.status === 'in_review') return current; // a retried submit
    if (!CAN_SUBMIT_FROM.includes(current.status)) wrongStatus(current, 'submitted for review');
    if (!hasVerdict(current)) throw invalidInput(NEEDS_VERDICT_REFUSAL, 'needs_verdict');
    return await move(tx, actor, current, 'in_review', { via: 'submit' });
  });
}

export async function approveAnnotation(db: Db, actor: Actor, id: string): Promise<AnnotationView> {
  return withTx(db, async (tx) => {
    const current = await getAnnotation(tx, id);
    const desk = await getOrganisation(tx);
    // Read from the history written in the same transactions as the changes, so it cannot miss one.
    const changedBy = contentChangersSinceSubmission(await annotationTrail(tx, id));
    const refusal = approvalRefusal(actor, { authorId: current.authorId, changedBy }, desk);
    if (refusal === 'own_change') throw forbidden(OWN_CHANGE_REFUSAL, 'own_change');
    if (refusal) throw forbidden(REVIEW_REFUSAL, refusal);
    if (current.status === 'approved') return current;
    if (!CAN_REVIEW_FROM.includes(current.status)) wrongStatus(current, 'approved');
    const verdict = await tx.select().from(verdicts).where(eq(verdicts.key, current.verdict)).get();
    const problems = approvalProblems(current, verdict?.requiresEvidence ?? true);
    // A verdict on words that changed since it was given is not published until someone says it still holds.
    const question = verdictQuestionProblem(current);
    if (question) throw invalidInput(`Cannot approve: ${[...problems, question].join('; ')}.`, 'verdict_unconfirmed');
    if (problems.length) throw invalidInput(`Cannot approve: ${problems.join('; ')}.`, 'not_approvable');
    const ownAnnotation = current.authorId === actor.id;
    const ownChange = changedBy.includes(actor.id);
    // Only self-approval lets either through: the history says which, so the exception stays visible.
    return await move(tx, actor, current, 'approved', {
      via: 'approve',
      selfApproved: ownAnnotation || ownChange,
      ...(ownChange && !ownAnnotation ? { ownChange: true } : {}),
    });
  });
}

/** Sends it back to its author, with a comment in its discussion saying what to change. */
export async function requestChanges(db: Db, actor: Actor, id: string, comment: string): Promise<AnnotationView> {
  return withTx(db, async (tx) => {
    await liveRow(tx, id);
    const current = await getAnnotation(tx, id);
    if (!can.requestChanges(actor, current, await getOrganisation(tx))) {
      throw forbidden(REVIEW_REFUSAL, can.actAs(actor, 'editor') ? 'own_annotation' : 'role');
    }
    if (!CAN_REVIEW_FROM.includes(current.status) && current.status !== 'approved') wrongStatus(current, 'sent back for changes');
    await addComment(tx, actor, { id: randomUUID(), annotationId: id, articleId: current.articleId, body: comment });
    return await move(tx, actor, current, 'changes_requested', { via: 'request_changes' });
  });
}
