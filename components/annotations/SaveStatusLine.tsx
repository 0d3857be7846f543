'use client';
import type { SaveStatus } from './save-queue';

interface Props {
  status: SaveStatus;
  onRetryNow: () => void;
  /** Annotations whose changes wait for the reviewer to choose between two versions: not saved, whatever the queue says. */
  awaitingDecision?: number;
}

export function SaveStatusLine({ status, onRetryNow, awaitingDecision = 0 }: Props) {
  const waiting = status.state === 'saved' && awaitingDecision > 0;
  return (
    <div className={`save-status is-${waiting ? 'retrying' : status.state}`}>
      <span role="status">
        {waiting &&
          `Not saved — ${awaitingDecision === 1 ? 'an annotation waits' : `${awaitingDecision} annotations wait`} for your choice between two versions`}
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
