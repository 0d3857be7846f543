'use client';
// The annotation store (store/AnnotationStore.ts) for React: made once per
// page with the tRPC client, the live stream as its change source (the cursor
// poll is the stream's fallback) and the person's outbox for this article,
// read as state set in a transition. Everything it decides lives in the store.
import { TRPCClientError } from '@trpc/client';
import { startTransition, useEffect, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationIndex } from '@/server/domain/annotation-index';
import { AnnotationStore, type AnnotationApi, type ApiErrors, type StoreHandlers } from './store/AnnotationStore';
import { LiveSource } from './store/live-source';
import { newTabId, openOutbox } from './store/outbox';
import { liveRefusal, trpcLiveTransport } from '../live/live-transport';
import { useNotificationHub } from '../live/NotificationHubProvider';
import { errorMessage, isConflict, isGone, isRefusal, isUnreachable, useTRPCClient } from '../ui/trpc';

interface Options extends StoreHandlers {
  article: { id: number; revision: number };
  /** Whose outbox: saves kept in the browser belong to one person on one article. */
  viewerId: string;
  initialIndex: AnnotationIndex;
  /** Full versions the page came with (the first rows of the list). */
  initialDetails: AnnotationView[];
}

const trpcErrors: ApiErrors = {
  isRefusal,
  isConflict,
  isGone,
  isUnreachable,
  message: errorMessage,
  retryReason: (e) => (e instanceof TRPCClientError && !e.data ? 'the server could not be reached' : errorMessage(e)),
};

function trpcApi(client: ReturnType<typeof useTRPCClient>): AnnotationApi {
  return {
    create: (input) => client.annotation.create.mutate(input),
    update: (input) => client.annotation.update.mutate(input),
    reattach: (input) => client.annotation.reattach.mutate(input),
    confirmAnchor: (input) => client.annotation.confirmAnchor.mutate(input),
    delete: (input) => client.annotation.delete.mutate(input),
    restore: (input) => client.annotation.restore.mutate(input),
    details: (input) => client.annotation.details.query(input),
  };
}

export function useAnnotationStore({ article, viewerId, initialIndex, initialDetails, ...handlers }: Options) {
  const client = useTRPCClient();
  const hub = useNotificationHub();
  // Made once for the page (a new revision remounts it): the store holds thousands of entries.
  const [{ store, changes, tab }] = useState(() => {
    const tab = newTabId();
    const outbox = openOutbox({ userId: viewerId, articleId: article.id }, tab);
    return {
      tab,
      store: new AnnotationStore({ api: trpcApi(client), errors: trpcErrors, article, initialIndex, initialDetails, handlers, outbox }),
      changes: new LiveSource({
        articleId: article.id,
        revision: article.revision,
        cursor: initialIndex.cursor,
        transport: trpcLiveTransport(client),
        refusalOf: liveRefusal,
        // The page's one stream: this tab is present while it is open, and it brings the person's notifications.
        clientId: tab,
        notificationsAfter: hub ? () => hub.after : undefined,
      }),
    };
  });
  // The page's latest callbacks, as a ref would hold them.
  store.setHandlers(handlers);
  // Not useSyncExternalStore: React renders its updates synchronously even inside startTransition, so every change
  // (a Save, a colleague's edit) re-rendered the page for thousands of annotations in one task. As state set in a
  // transition the page catches up in slices that leave the frame to the browser; whoever needs the store's very latest
  // reads store.getSnapshot(), and the editor's highlights change in the click's own task (useSaveAndDelete).
  const [snapshot, setSnapshot] = useState(store.getSnapshot);
  useEffect(() => {
    const follow = () => startTransition(() => setSnapshot(store.getSnapshot()));
    const stop = store.subscribe(follow);
    // Anything the store published between the first render and this subscription.
    follow();
    return stop;
  }, [store]);

  useEffect(() => {
    const stopListening = store.listenTo(changes);
    // Said before the hub starts (a parent's effect runs after this one), so the page never opens a second stream.
    const release = hub?.carry();
    const stopNotifications = hub ? changes.onNotifications((update) => hub.tell(update)) : () => undefined;
    changes.start();
    // Saves a page that is gone left in the outbox (a reload, a closed browser) go out again, in order.
    void store.resumeFromOutbox();
    // The page this one replaced (a reload) may hold its tab's lock a moment longer: look once more.
    const again = window.setTimeout(() => void store.resumeFromOutbox(), 3000);
    return () => {
      window.clearTimeout(again);
      changes.stop();
      stopListening();
      stopNotifications();
      release?.();
    };
  }, [store, changes, hub]);

  // Leaving with saves in flight loses work unless the outbox keeps them: ask first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (store.hasUnkeptSaves()) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [store]);

  return { ...snapshot, store, changes, tab };
}
