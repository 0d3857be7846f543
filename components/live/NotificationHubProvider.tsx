'use client';
// The page's notification hub (notification-hub.ts), made once for the tab and
// started while someone is signed in.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { NotificationUpdate } from '../annotations/store/live-source';
import { useTRPCClient } from '../ui/trpc';
import { NotificationHub, type OwnNotificationStream } from './notification-hub';

const HubContext = createContext<NotificationHub | null>(null);

/** notification.live, the stream of a page without an article; tRPC resumes it by itself from the last id. */
function ownStream(client: ReturnType<typeof useTRPCClient>): OwnNotificationStream {
  return (after, { onUpdate, onPosition }) => {
    const subscription = client.notification.live.subscribe(after === null ? undefined : { lastEventId: String(after) }, {
      onData: (event) => {
        const { id, data } = event as { id: string; data: NotificationUpdate };
        onPosition(Number(id));
        onUpdate(data);
      },
    });
    return () => subscription.unsubscribe();
  };
}

export function NotificationHubProvider({ signedIn, children }: { signedIn: boolean; children: ReactNode }) {
  const client = useTRPCClient();
  const [hub] = useState(() => new NotificationHub(ownStream(client)));
  // Runs after the page's own effects: an article page has already said its stream carries them, so no second stream opens.
  useEffect(() => {
    if (!signedIn) return;
    hub.start();
    return () => hub.stop();
  }, [hub, signedIn]);
  return <HubContext.Provider value={hub}>{children}</HubContext.Provider>;
}

export function useNotificationHub(): NotificationHub | null {
  return useContext(HubContext);
}
