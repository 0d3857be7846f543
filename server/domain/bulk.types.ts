// Acting on several annotations at once ("Submit selected", "Approve selected",
// "Assign selected"): the inputs, shared by the list's bar and the procedures,
// and the outcome, which names every refused annotation with the reason the
// single-annotation step would have given.
import { z } from 'zod';
import { annotationIdSchema } from './annotation.types';
import type { RefusalReason } from './reasons';

/** A desk selects what it sees in one list; more than this at once is a script, not a person. */
export const MAX_BULK = 500;

const ids = z
  .array(annotationIdSchema)
  .min(1, 'Select at least one annotation')
  .max(MAX_BULK, `At most ${MAX_BULK} annotations at once`)
  // The same annotation twice would be refused the second time for its new status: once is what was meant.
  .transform((list) => [...new Set(list)]);

export const bulkInput = z.object({ ids });
export const bulkAssignInput = z.object({
  ids,
  /** Null takes the assignment away. */
  assigneeId: z.string().trim().min(1).max(128).nullable(),
});

export interface BulkRefusal {
  id: string;
  reason: RefusalReason;
  /** The sentence the single step would have shown. */
  message: string;
}

export interface BulkOutcome<T> {
  /** What went through, in the order asked. */
  done: T[];
  refused: BulkRefusal[];
}
