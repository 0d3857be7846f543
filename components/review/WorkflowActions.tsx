'use client';
// Sign-off for the open annotation: the buttons its viewer may press now.
// The server decides; a refusal (say, no evidence yet) is shown as it says it.
import { useId, useState, type FormEvent } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { Actor } from '@/server/domain/roles';
import { can, hasVerdict } from '@/server/domain/policy';
import { CAN_REVIEW_FROM, CAN_SUBMIT_FROM, STATUS_LABELS } from '@/server/domain/workflow';
import { errorMessage, useTRPCClient } from '../ui/trpc';

interface Props {
  annotation: AnnotationView;
  viewer: Actor;
  allowSelfApproval: boolean;
  /** False while changes are still being saved: a step must apply to what the server has. */
  ready: boolean;
  onChanged: (view: AnnotationView, said: string) => void;
  /** Review mode: "Approve and next" and "Request changes and next" are offered, and this opens the next one waiting. */
  onNext?: () => void;
}

export function WorkflowActions({ annotation, viewer, allowSelfApproval, ready, onChanged, onNext }: Props) {
  const client = useTRPCClient();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  /** The request for changes being written goes on to the next annotation once sent. */
  const [thenNext, setThenNext] = useState(false);
  const [comment, setComment] = useState('');

  const canSubmit = can.submit(viewer, annotation) && CAN_SUBMIT_FROM.includes(annotation.status);
  // The page does not know who changed what since submission: the server does, and its refusal says why.
  const canApprove = can.approve(viewer, annotation, { allowSelfApproval }) && CAN_REVIEW_FROM.includes(annotation.status);
  const canRequest =
    can.requestChanges(viewer, annotation, { allowSelfApproval }) &&
    (CAN_REVIEW_FROM.includes(annotation.status) || annotation.status === 'approved');

  async function step(run: () => Promise<AnnotationView>, said: string, next = false) {
    setError(null);
    setBusy(true);
    try {
      onChanged(await run(), said);
      setAsking(false);
      setComment('');
      if (next) onNext?.();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function sendRequest(event: FormEvent) {
    event.preventDefault();
    if (!comment.trim()) return setError('Say what should change: the comment goes to the author in the discussion');
    void step(
      () => client.annotation.requestChanges.mutate({ id: annotation.id, comment }),
      'Changes requested; your comment is in the discussion.',
      thenNext,
    );
  }

  const approve = (next: boolean) =>
    step(() => client.annotation.approve.mutate({ id: annotation.id }), 'Approved: it will be published.', next);
  const askForChanges = (next: boolean) => {
    setError(null);
    setThenNext(next);
    setAsking(true);
  };

  return (
    <section className="workflow" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        Status: <span className={`item-status is-${annotation.status}`}>{STATUS_LABELS[annotation.status]}</span>
      </h3>
      {!hasVerdict(annotation) && (
        <p className="needs-verdict">Needs a verdict: it was imported without one. Choose a verdict and save before submitting it.</p>
      )}
      <div className="workflow-actions">
        {canSubmit && (
          <button
            type="button"
            disabled={busy || !ready}
            onClick={() => step(() => client.annotation.submit.mutate({ id: annotation.id }), 'Submitted for review.')}
          >
            Submit for review
          </button>
        )}
        {canApprove && (
          <button type="button" className="primary" disabled={busy || !ready} onClick={() => approve(false)}>
            Approve
          </button>
        )}
        {canApprove && onNext && (
          <button type="button" className="primary" disabled={busy || !ready} onClick={() => approve(true)}>
            Approve and next
          </button>
        )}
        {canRequest && !asking && (
          <button type="button" disabled={busy || !ready} onClick={() => askForChanges(false)}>
            Request changes
          </button>
        )}
        {canRequest && !asking && onNext && (
          <button type="button" disabled={busy || !ready} onClick={() => askForChanges(true)}>
            Request changes and next
          </button>
        )}
      </div>
      {asking && (
        <form onSubmit={sendRequest} className="request-changes" aria-label="Request changes" noValidate>
          <label htmlFor={`${id}-comment`}>Comment</label>
          <textarea
            id={`${id}-comment`}
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            required
            aria-required="true"
          />
          <button type="submit" disabled={busy}>
            {thenNext ? 'Send request and next' : 'Send request'}
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      )}
      {!ready && (canSubmit || canApprove) && <p className="hint">Waiting for changes to be saved…</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
