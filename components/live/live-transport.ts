'use client';
// The live stream over tRPC (httpSubscriptionLink, server-sent events), as the
// transport the LiveSource takes. EventSource reconnects by itself after a
// dropped connection, sending the last event id; tRPC reports each attempt.
import { TRPCClientError } from '@trpc/client';
import type { ClosedReason, LiveMessage, LiveTransport } from '../annotations/store/live-source';
import type { useTRPCClient } from '../ui/trpc';

export function trpcLiveTransport(client: ReturnType<typeof useTRPCClient>): LiveTransport {
  return ({ notifications, ...input }, handlers) => {
    const wire = notifications
      ? { ...input, notifications: true, ...(notifications.after === null ? {} : { notificationsAfter: notifications.after }) }
      : input;
    const subscription = client.live.article.subscribe(wire, {
      onData: (event) => handlers.onMessage((event as { data: LiveMessage }).data),
      onConnectionStateChange: (state) => {
        if (state.state === 'pending') handlers.onStarted();
        else if (state.state === 'connecting' && state.error) handlers.onRetrying(state.error);
      },
      onError: (error) => handlers.onEnded(error),
      onComplete: () => handlers.onEnded(null),
    });
    return () => subscription.unsubscribe();
  };
}

/** A refusal the server would repeat: the page stops listening instead of reconnecting. */
export function liveRefusal(error: unknown): ClosedReason | null {
  if (!(error instanceof TRPCClientError)) return null;
  switch (error.data?.code) {
    case 'NOT_FOUND':
      return 'deleted';
    case 'UNAUTHORIZED':
      return 'signed_out';
    case 'FORBIDDEN':
      return 'access_removed';
    case 'BAD_REQUEST':
      // The page's cursor is ahead of the server's (a restored database): only a reload catches up.
      return 'resync';
    default:
      return null;
  }
}
