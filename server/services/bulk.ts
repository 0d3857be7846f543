// "Submit selected", "Approve selected", "Assign selected": each annotation goes
// through the very step a single click takes (its rules, its refusals, its own
// history entry), in a transaction of its own. Not one transaction for all: the
// point of the result is that four approvals go through while the fifth, which
// lacks evidence, is named with its reason; an all-or-nothing transaction would
// let one refusal undo the other four. One short transaction per annotation also
// holds the write lock only as long as one click would, so colleagues' saves
// interleave with a long batch instead of waiting behind it.
import 'server-only';
import type { Db } from '@/db/client';
import type { AnnotationView } from '../domain/annotation';
import type { BulkOutcome, BulkRefusal } from '../domain/bulk.types';
import type { Actor } from '../domain/roles';
import type { Assignee } from '../domain/search.types';
import { AppError, isOutOfDisk, OUT_OF_DISK, reportServerError, serverErrorMessage } from '../errors';
import { assignAnnotation } from './work-queue';
import { approveAnnotation, submitAnnotation } from './workflow';

/** The refusal for one annotation, as the single step's error would have said it. */
function refusalOf(id: string, error: unknown): BulkRefusal {
  if (error instanceof AppError) return { id, reason: error.reason, message: error.message };
  if (isOutOfDisk(error)) return { id, reason: 'out_of_disk', message: OUT_OF_DISK };
  // A failure on one must not hide what the others did: logged under a reference, and named in the result.
  return { id, reason: 'server_error', message: serverErrorMessage(reportServerError(`bulk step on ${id}`, error)) };
}

export async function eachOnItsOwn<T>(ids: readonly string[], step: (id: string) => Promise<T>): Promise<BulkOutcome<T>> {
  const outcome: BulkOutcome<T> = { done: [], refused: [] };
  // One after another: each is its own transaction on the one writer connection, so nothing is gained by starting them together.
  for (const id of ids) {
    try {
      outcome.done.push(await step(id));
    } catch (error) {
      outcome.refused.push(refusalOf(id, error));
    }
  }
  return outcome;
}

export const submitMany = async (db: Db, actor: Actor, ids: readonly string[]): Promise<BulkOutcome<AnnotationView>> =>
  await eachOnItsOwn(ids, async (id) => await submitAnnotation(db, actor, id));

export const approveMany = async (db: Db, actor: Actor, ids: readonly string[]): Promise<BulkOutcome<AnnotationView>> =>
  await eachOnItsOwn(ids, async (id) => await approveAnnotation(db, actor, id));

export const assignMany = async (
  db: Db,
  actor: Actor,
  ids: readonly string[],
  assigneeId: string | null,
): Promise<BulkOutcome<{ id: string; assignee: Assignee | null }>> =>
  await eachOnItsOwn(ids, async (id) => ({ id, assignee: await assignAnnotation(db, actor, { id, assigneeId }) }));
