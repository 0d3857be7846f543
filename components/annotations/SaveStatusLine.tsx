'use client';
import type { SaveStatus } from './save-queue';

export function SaveStatusLine({ status, onRetryNow }: { status: SaveStatus; onRetryNow: () => void }) {
  return (
    <div className={`save-status is-${status.state}`}>
      <span role="status">
        {status.state === 'saved' && 'All changes saved'}
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
