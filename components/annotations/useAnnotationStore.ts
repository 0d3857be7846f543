'use client';
// The annotation store (store/AnnotationStore.ts) for React: made once per
// page with the tRPC client and today's change source (the cursor poll), read
// through useSyncExternalStore. Everything it decides lives in the store.
import { TRPCClientError } from '@trpc/client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationIndex } from '@/server/domain/annotation-index';
import { AnnotationStore, type AnnotationApi, type ApiErrors, type StoreHandlers } from './store/AnnotationStore';
import { CursorPollSource } from './store/cursor-poll';
import { errorMessage, isConflict, isGone, isRefusal, useTRPCClient } from '../ui/trpc';

interface Options extends StoreHandlers {
  article: { id: number; revision: number };
  initialIndex: AnnotationIndex;
  /** Full versions the page came with (the first rows of the list). */
  initialDetails: AnnotationView[];
}

const trpcErrors: ApiErrors = {
  isRefusal,
  isConflict,
  isGone,
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

export function useAnnotationStore({ article, initialIndex, initialDetails, ...handlers }: Options) {
  const client = useTRPCClient();
  // Made once for the page (a new revision remounts it): the store holds thousands of entries.
  const [{ store, changes }] = useState(() => ({
    store: new AnnotationStore({ api: trpcApi(client), errors: trpcErrors, article, initialIndex, initialDetails, handlers }),
    changes: new CursorPollSource({ articleId: article.id, revision: article.revision, cursor: initialIndex.cursor }),
  }));
  // The page's latest callbacks, as a ref would hold them.
  store.setHandlers(handlers);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);

  useEffect(() => {
    const stopListening = store.listenTo(changes);
    changes.start();
    return () => {
      changes.stop();
      stopListening();
    };
  }, [store, changes]);

  // Leaving with saves in flight loses work: ask first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (store.hasPendingSaves()) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [store]);

  return { ...snapshot, store, changes };
}
