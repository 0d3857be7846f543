'use client';
// The page's link to the server, in words: "Live", "Reconnecting…", "Polling
// every 8 s: the live stream is unavailable" (the fallback), or
// "Offline: your changes are kept and will be sent" while saves wait in the
// outbox for the server to answer again.
import type { SaveStatus } from '../annotations/save-queue';
import { POLL_INTERVAL_MS } from '../annotations/store/cursor-poll';
import type { ConnectionState } from '../annotations/store/live-source';
import { useLive } from './LiveDesk';

export const OFFLINE_TEXT = 'Offline: your changes are kept and will be sent';
/** The stream cannot be held (refused, or a proxy that buffers): colleagues' changes come by the cursor poll instead. */
export const POLLING_TEXT = `Polling every ${POLL_INTERVAL_MS / 1000} s: the live stream is unavailable`;

const CLOSED: Record<Extract<ConnectionState, { state: 'closed' }>['reason'], string> = {
  deleted: 'Closed: this article was deleted',
  access_removed: 'Closed: your access to this article was removed',
  signed_out: 'Closed: you were signed out; sign in again to see changes',
  resync: 'Out of date: reload the page to catch up',
};

export function connectionText(connection: ConnectionState, status: SaveStatus): string {
  if (connection.state === 'closed') return CLOSED[connection.reason];
  if (connection.state === 'offline' || (status.state === 'retrying' && status.unreachable)) return OFFLINE_TEXT;
  if (connection.state === 'reconnecting') return 'Reconnecting…';
  if (connection.state === 'connecting') return 'Connecting…';
  return connection.via === 'poll' ? POLLING_TEXT : 'Live';
}

export function ConnectionStatus({ status }: { status: SaveStatus }) {
  const live = useLive();
  if (!live) return null;
  const text = connectionText(live.connection, status);
  const tone = text === 'Live' ? 'is-live' : text === OFFLINE_TEXT ? 'is-offline' : 'is-waiting';
  return (
    <span role="status" aria-label="Connection" className={`connection ${tone}`}>
      {text}
    </span>
  );
}
