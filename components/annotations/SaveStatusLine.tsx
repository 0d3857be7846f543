'use client';
import type { SaveStatus } from './save-queue';

interface Props {
  status: SaveStatus;
  onRetryNow: () => void;
  /** Annotations whose changes wait for the reviewer's decision (two versions, a refused save): not saved, whatever the queue says. */
  awaitingDecision?: number;
}

export function SaveStatusLine({ status, onRetryNow, awaitingDecision = 0 }: Props) {
  const waiting = status.state === 'saved' && awaitingDecision > 0;
  return (
    <div className={`save-status is-${waiting ? 'retrying' : status.state}`}>
      <span role="status">
        {waiting &&
          `Not saved — waiting for your decision on ${awaitingDecision === 1 ? 'an annotation' : `${awaitingDecision} annotations`}`}
        {status.state === 'saved' && !waiting && 'All changes saved'}
        {status.state === 'saving' && 'Saving…'}
        {status.state === 'retrying' && `Not saved — retrying (${status.reason})`}
      </span>
      {status.state === 'retrying' && (
        <button type="button" className="link-button" onClick={onRetryNow}>
          Retry now
        </button>
      )}
    </div>
  );
}
