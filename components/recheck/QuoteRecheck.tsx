'use client';
// In the open annotation, after a revision changed the text under it: the old
// and new quote as a character diff, "Confirm position" when the anchor was
// moved or matched fuzzily, and, when the quote's words changed, the question
// "is the verdict still right?" with its two answers. Approval waits for the
// answer; the server checks both again.
import { useId, useState, type FormEvent } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { changedFigures, VERDICT_QUESTION } from '@/server/domain/quote-change';
import type { Verdict } from '@/server/domain/verdicts';
import { errorMessage, useTRPCClient } from '../ui/trpc';
import { QuoteDiff } from './QuoteDiff';

interface Props {
  annotation: AnnotationView;
  verdicts: Verdict[];
  /** The viewer may change this annotation (confirm its place, answer the question). */
  mayChange: boolean;
  /** No saves on their way: the answer applies to what the server has. */
  ready: boolean;
  onConfirmPosition: (id: string) => void;
  onAnswered: (view: AnnotationView, said: string) => void;
}

/** Whether the panel has anything to show for this annotation. */
export function needsRecheck(a: AnnotationView): boolean {
  const unconfirmed = (a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy') && a.previousExact !== null;
  return a.recheckQuote !== null || unconfirmed;
}

export function QuoteRecheck({ annotation: a, verdicts, mayChange, ready, onConfirmPosition, onAnswered }: Props) {
  const id = useId();
  const client = useTRPCClient();
  const [answer, setAnswer] = useState<'keep' | 'change' | null>(null);
  const [verdict, setVerdict] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const before = a.recheckQuote ?? a.previousExact ?? a.exact;
  const unconfirmed = a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy';
  const figures = changedFigures(before, a.exact);
  const label = (key: string) => verdicts.find((v) => v.key === key)?.label ?? key;

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!answer) return setError('Choose an answer: keep the verdict, or change it');
    if (answer === 'change' && !verdict) return setError('Choose the new verdict');
    setBusy(true);
    try {
      const base = { id: a.id, expectedVersion: a.version };
      const view = await client.annotation.answerVerdictQuestion.mutate(
        answer === 'keep' ? { ...base, answer } : { ...base, answer, verdict },
      );
      onAnswered(view, answer === 'keep' ? `Verdict kept: ${label(view.verdict)}.` : `Verdict changed to ${label(view.verdict)}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="quote-recheck" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{before === a.exact ? 'Its text moved in a new revision' : 'Its quote changed in a new revision'}</h3>
      {before !== a.exact && (
        <>
          <QuoteDiff before={before} after={a.exact} />
          {(figures.removed.length > 0 || figures.added.length > 0) && (
            <p className="recheck-figures">
              <strong>Numbers or dates changed:</strong> {figures.removed.join(', ') || 'none'} → {figures.added.join(', ') || 'none'}
            </p>
          )}
        </>
      )}
      {mayChange && unconfirmed && (
        <p>
          <button type="button" disabled={!ready} onClick={() => onConfirmPosition(a.id)}>
            Confirm position
          </button>
        </p>
      )}
      {a.recheckQuote !== null &&
        (mayChange ? (
          <form onSubmit={send} aria-label={VERDICT_QUESTION} noValidate>
            <fieldset>
              <legend>{VERDICT_QUESTION}</legend>
              <label>
                <input type="radio" name={`${id}-answer`} checked={answer === 'keep'} onChange={() => setAnswer('keep')} /> Yes, keep{' '}
                {label(a.verdict)}
              </label>
              <label>
                <input type="radio" name={`${id}-answer`} checked={answer === 'change'} onChange={() => setAnswer('change')} /> No, change
                the verdict
              </label>
              {answer === 'change' && (
                <>
                  <label htmlFor={`${id}-verdict`}>New verdict</label>
                  <select id={`${id}-verdict`} value={verdict} onChange={(e) => setVerdict(e.target.value)}>
                    <option value="">Choose…</option>
                    {verdicts
                      .filter((v) => v.key !== a.verdict)
                      .map((v) => (
                        <option key={v.key} value={v.key}>
                          {v.label}
                        </option>
                      ))}
                  </select>
                </>
              )}
            </fieldset>
            <button type="submit" disabled={busy || !ready}>
              Answer
            </button>
          </form>
        ) : (
          <p className="hint">{VERDICT_QUESTION} Its checker or an editor answers this before it can be approved again.</p>
        ))}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
