'use client';
// Review mode: an annotation waiting for this person's sign-off opens as
// something to read, not a form. The decision sits at the top (Approve,
// Request changes, and their "and next" forms, which open the next annotation
// waiting in this article); below it what is to be approved, what changed
// since the last approval and the discussion. Edit switches to the form.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { defaultClaimSummary } from '@/server/domain/claim-summary';
import type { Actor } from '@/server/domain/roles';
import type { Verdict } from '@/server/domain/verdicts';
import { Assignment } from '../queue/Assignment';
import { formatDate } from '../ui/format';
import { errorMessage, useTRPC } from '../ui/trpc';
import { DiscussionThread } from './DiscussionThread';
import { changesSinceApproval } from './review-queue';
import { WorkflowActions } from './WorkflowActions';

interface Props {
  annotation: AnnotationView;
  viewer: Actor;
  verdict: Verdict | undefined;
  allowSelfApproval: boolean;
  ready: boolean;
  onChanged: (view: AnnotationView, said: string) => void;
  onNext: () => void;
  onEdit: () => void;
  onClose: () => void;
}

export function ReviewReadView({ annotation, viewer, verdict, allowSelfApproval, ready, onChanged, onNext, onEdit, onClose }: Props) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus comes to the panel without scrolling the page away from the claim beside it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each annotation opened is a new place to start reading from.
  useEffect(() => heading.current?.focus({ preventScroll: true }), [annotation.id]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      onClose();
    }
  }

  const { claimAuthor, claimAppearanceUrl, claimAppearanceDate } = annotation;
  return (
    <section className="review-read" aria-labelledby={`${id}-h`} onKeyDown={onKeyDown}>
      <div className="review-read-top">
        <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>
          Review annotation
        </h2>
        <WorkflowActions
          annotation={annotation}
          viewer={viewer}
          allowSelfApproval={allowSelfApproval}
          ready={ready}
          onChanged={onChanged}
          onNext={onNext}
        />
        <p className="review-read-switch">
          <button type="button" onClick={onEdit}>
            Edit
          </button>
          <button type="button" onClick={onClose} title="Close (Escape)">
            Close
          </button>
        </p>
      </div>
      <blockquote className="form-quote">{annotation.exact}</blockquote>
      <dl className="review-facts">
        <dt>Verdict</dt>
        <dd>
          {annotation.verdict === '' ? (
            'Needs a verdict'
          ) : (
            <>
              <span aria-hidden="true">{verdict?.icon}</span> {verdict?.label ?? annotation.verdict}
            </>
          )}
        </dd>
        <dt>Rationale</dt>
        <dd className="review-rationale">{annotation.rationale.trim() || 'No rationale yet.'}</dd>
        <dt>Evidence</dt>
        <dd>
          {annotation.evidence.length === 0 ? (
            'No evidence links.'
          ) : (
            <ul aria-label="Evidence links">
              {annotation.evidence.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: evidence links have no id and the same URL may be listed twice.
                <li key={`${i}:${e.url}`}>
                  <a href={e.url} target="_blank" rel="noopener noreferrer nofollow">
                    {e.title || e.url}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Claim</dt>
        <dd>
          {annotation.claimSummary || defaultClaimSummary(annotation.exact)}
          {claimAuthor && <> (made by {claimAuthor})</>}
          {claimAppearanceUrl && (
            <>
              {' '}
              ·{' '}
              <a href={claimAppearanceUrl} target="_blank" rel="noopener noreferrer nofollow">
                first appeared{claimAppearanceDate ? ` on ${claimAppearanceDate}` : ''}
              </a>
            </>
          )}
        </dd>
        <dt>Written by</dt>
        <dd>
          {annotation.author}
          {annotation.updatedBy && `, last edited by ${annotation.updatedBy}`}
        </dd>
      </dl>
      <SinceApproval annotationId={annotation.id} version={annotation.version} />
      <Assignment annotationId={annotation.id} viewer={viewer} />
      <DiscussionThread
        annotationId={annotation.id}
        resolved={annotation.discussionResolved}
        viewer={viewer}
        onResolved={() => onChanged({ ...annotation, discussionResolved: true }, 'Discussion resolved.')}
      />
    </section>
  );
}

/** What changed since the last approval, in the history's own sentences. */
function SinceApproval({ annotationId, version }: { annotationId: string; version: number }) {
  const trpc = useTRPC();
  const id = useId();
  const queryClient = useQueryClient();
  const options = trpc.annotation.history.queryOptions({ id: annotationId });
  const history = useQuery(options);
  // A new version (an edit here or elsewhere) is a new entry to show.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is the trigger; the key follows the id.
  useEffect(() => void queryClient.invalidateQueries({ queryKey: options.queryKey }), [version]);
  const since = history.data ? changesSinceApproval(history.data) : null;
  return (
    <section className="since-approval" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{since?.approvedBefore ? 'Changed since the last approval' : 'Not approved before'}</h3>
      {history.isPending && <p className="hint">Loading…</p>}
      {history.error && (
        <p role="alert" className="error">
          {errorMessage(history.error)}
        </p>
      )}
      {since && since.changes.length === 0 && <p className="hint">Nothing.</p>}
      {since && since.changes.length > 0 && (
        <ol className="history-list">
          {since.changes.slice(0, 8).map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time> {entry.sentence}
            </li>
          ))}
          {since.changes.length > 8 && <li className="hint">and {since.changes.length - 8} earlier changes (see History).</li>}
        </ol>
      )}
    </section>
  );
}
