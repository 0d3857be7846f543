// "The claim's text changed: is the verdict still right?": the question a
// revision leaves on an annotation whose quote's words changed, and its
// answer (keep the verdict, or change it), recorded in the history in the
// same transaction. Approval waits for it (server/services/workflow.ts).
import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { annotations, verdicts } from '@/db/schema';
import type { AnnotationView } from '../domain/annotation';
import type { answerVerdictQuestionInput } from '../domain/annotation.types';
import type { Actor } from '../domain/roles';
import { conflict, invalidInput } from '../errors';
import { editorColumns, getAnnotation, liveRow, requireMayChange, writeContent } from './annotations';
import { recordEvent } from './events';
import { withTx } from './transaction';

export const NO_QUESTION = 'This annotation’s quote has not changed since its verdict was given: there is nothing to answer';

export async function answerVerdictQuestion(
  db: Db,
  actor: Actor,
  input: z.output<typeof answerVerdictQuestionInput>,
): Promise<AnnotationView> {
  return withTx(db, async (tx) => {
    const row = await liveRow(tx, input.id);
    requireMayChange(actor, row);
    if (row.recheckQuote === null) throw invalidInput(NO_QUESTION, 'wrong_status');
    if (row.version !== input.expectedVersion) {
      throw conflict(
        `This annotation was changed by someone else (version ${row.version}, you compared version ${input.expectedVersion}). Look at its quote again.`,
      );
    }
    if (row.anchorStatus === 'orphaned') throw invalidInput('This annotation is not on the text: re-attach it first', 'wrong_status');
    const current = await getAnnotation(tx, row.id);
    let after = current;
    if (input.answer === 'change') {
      if (!(await tx.select({ key: verdicts.key }).from(verdicts).where(eq(verdicts.key, input.verdict)).get())) {
        throw invalidInput('That verdict is not on the scale');
      }
      if (input.verdict === current.verdict) throw invalidInput('Choose another verdict, or answer that the verdict is still right');
      // Through the ordinary edit, so the change is in the history and counts for the four-eyes rule.
      const { rationale, evidence, claimSummary, claimAuthor, claimAppearanceUrl, claimAppearanceDate } = current;
      after = await writeContent(
        tx,
        actor,
        row,
        current,
        { verdict: input.verdict, rationale, evidence, claimSummary, claimAuthor, claimAppearanceUrl, claimAppearanceDate },
        'annotation.updated',
      );
    }
    await tx
      .update(annotations)
      .set({ recheckQuote: null, ...editorColumns(actor, row), version: after.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(annotations.id, row.id))
      .run();
    await recordEvent(tx, {
      type: 'annotation.verdict_reconsidered',
      actor,
      articleId: row.articleId,
      annotationId: row.id,
      before: { exact: row.recheckQuote, verdict: current.verdict },
      after: { exact: row.exact, answer: input.answer, verdict: after.verdict },
    });
    return await getAnnotation(tx, row.id);
  });
}
