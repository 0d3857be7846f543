'use client';
// The page's annotations and the saving of every change to them. Changes show
// at once (the local copy) and are saved in order through the save queue; the
// server's answer replaces the local copy unless newer local edits are still
// on their way. Other reviewers' saves are merged in every few seconds.
import { TRPCClientError } from '@trpc/client';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { Actor } from '@/server/domain/roles';
import { viewFieldsOf, type AnnotationDraft } from './AnnotationForm';
import { mergeRemote } from './remote-sync';
import { SaveQueue, type SaveStatus } from './save-queue';
import { errorMessage, isConflict, isGone, isRefusal, useTRPCClient } from './trpc';

/** How often other reviewers' saved changes are fetched. */
const SYNC_INTERVAL_MS = 8000;

const CONFLICT_HINT = 'Compare the two versions: keep yours, keep theirs, or edit yours into a merged text and save.';

export const quoteLabel = (text: string) => `annotation on “${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`;

export interface Anchor {
  from: number;
  to: number;
  exact: string;
}

/** A save the server refused, handed back so that nothing typed is lost (`error` says why, for the page to explain). */
export type Refusal =
  | { kind: 'create'; id: string; anchor: Anchor; draft: AnnotationDraft; message: string; error: unknown }
  | { kind: 'update'; id: string; draft: AnnotationDraft; message: string; error: unknown; theirs?: AnnotationView; previous: AnnotationView }
  | { kind: 'other'; message: string };

interface Options {
  article: { id: number; revision: number };
  initial: AnnotationView[];
  onRefused: (refusal: Refusal) => void;
  /** True for the annotation open in the form: remote copies must not replace it under the reviewer's hands. */
  isOpen: (id: string) => boolean;
  /** The server confirmed a create or an update with this content (the page's kept draft of it can go). */
  onSaved?: (id: string, draft: AnnotationDraft) => void;
}

export function useAnnotationStore({ article, initial, onRefused, isOpen, onSaved }: Options) {
  const client = useTRPCClient();
  const [annotations, setAnnotations] = useState(() => new Map(initial.map((a) => [a.id, a])));
  const [status, setStatus] = useState<SaveStatus>({ state: 'saved' });
  const [staleRevision, setStaleRevision] = useState(false);
  const confirmed = useRef(new Map(initial.map((a) => [a.id, a])));
  const pendingEdits = useRef(new Map<string, number>());
  const latest = useRef({ annotations, onRefused, isOpen, onSaved });
  latest.current = { annotations, onRefused, isOpen, onSaved };

  const queue = useMemo(
    () =>
      new SaveQueue({
        isRefusal,
        describeError: (e) => (e instanceof TRPCClientError && !e.data ? 'the server could not be reached' : errorMessage(e)),
        onStatus: setStatus,
      }),
    [],
  );

  const setLocal = (id: string, view: AnnotationView | null) =>
    setAnnotations((prev) => {
      const next = new Map(prev);
      if (view) next.set(id, view);
      else next.delete(id);
      return next;
    });

  const track = (id: string) => pendingEdits.current.set(id, (pendingEdits.current.get(id) ?? 0) + 1);

  /** After a save lands: show the server's copy, unless newer local edits are still on their way. */
  function settle(id: string, saved: AnnotationView | null) {
    if (saved) confirmed.current.set(id, saved);
    const left = (pendingEdits.current.get(id) ?? 1) - 1;
    if (left > 0) {
      pendingEdits.current.set(id, left);
      return;
    }
    pendingEdits.current.delete(id);
    if (saved) setLocal(id, saved);
  }

  /** Back to the server's copy after a refusal (or to `fallback` when the server never had one). */
  function revert(id: string, fallback: AnnotationView | null) {
    settle(id, null);
    if (!pendingEdits.current.has(id)) setLocal(id, confirmed.current.get(id) ?? fallback);
  }

  const refuse = (what: string, quote: string) => (error: unknown) =>
    latest.current.onRefused({ kind: 'other', message: `Could not ${what} the ${quoteLabel(quote)}: ${errorMessage(error)}` });

  // The server sets the author from the session; the local copy shows the same until its answer arrives.
  function create(id: string, anchor: Anchor, draft: AnnotationDraft, me: Actor) {
    const now = new Date().toISOString();
    setLocal(id, {
      id, articleId: article.id, ...anchor, prefix: '', suffix: '', ...viewFieldsOf(draft), anchorStatus: 'exact', anchorScore: null,
      status: 'draft', previousExact: null, discussionResolved: false,
      author: me.name, authorId: me.id, updatedBy: null, version: 0, createdAt: now, updatedAt: now,
    });
    track(id);
    queue.enqueue({
      describe: quoteLabel(anchor.exact),
      run: async () => {
        settle(id, await client.annotation.create.mutate({ id, articleId: article.id, anchor, ...draft }));
        latest.current.onSaved?.(id, draft);
      },
      onRefused: (error) => {
        pendingEdits.current.delete(id);
        setLocal(id, null);
        latest.current.onRefused({ kind: 'create', id, anchor, draft, message: errorMessage(error), error });
      },
    });
  }

  function update(id: string, draft: AnnotationDraft, me: Actor) {
    const before = latest.current.annotations.get(id);
    if (!before) return;
    setLocal(id, { ...before, ...viewFieldsOf(draft), updatedBy: me.id !== before.authorId ? me.name : null });
    track(id);
    queue.enqueue({
      describe: quoteLabel(before.exact),
      run: async () => {
        const base = confirmed.current.get(id) ?? before;
        const saved = await client.annotation.update.mutate({ id, expectedVersion: base.version, ...draft });
        settle(id, saved);
        latest.current.onSaved?.(id, draft);
      },
      onRefused: async (error) => {
        if (isGone(error)) {
          // Deleted on the server: nothing to go back to. The page offers the text as a new annotation.
          pendingEdits.current.delete(id);
          confirmed.current.delete(id);
          setLocal(id, null);
          latest.current.onRefused({ kind: 'update', id, draft, message: errorMessage(error), error, previous: before });
          return;
        }
        let theirs: AnnotationView | undefined;
        if (isConflict(error)) {
          // Someone else saved first. Show their version, and let this reviewer decide with both in view.
          theirs = (await client.annotation.list.query({ articleId: article.id }).catch(() => [])).find((a) => a.id === id);
          if (theirs) confirmed.current.set(id, theirs);
        }
        revert(id, before);
        const message = `${errorMessage(error)}${isConflict(error) ? ` ${CONFLICT_HINT}` : ''}`;
        latest.current.onRefused({ kind: 'update', id, draft, message, error, theirs, previous: before });
      },
    });
  }

  function reattach(id: string, anchor: Anchor) {
    const current = latest.current.annotations.get(id);
    if (!current) return;
    setLocal(id, { ...current, ...anchor, anchorStatus: 'exact', anchorScore: null });
    track(id);
    queue.enqueue({
      describe: quoteLabel(current.exact),
      run: async () => {
        const base = confirmed.current.get(id) ?? current;
        settle(id, await client.annotation.reattach.mutate({ id, expectedVersion: base.version, anchor }));
      },
      onRefused: (error) => {
        revert(id, current);
        refuse('re-attach', current.exact)(error);
      },
    });
  }

  function confirmAnchor(id: string) {
    const current = latest.current.annotations.get(id);
    if (!current) return;
    setLocal(id, { ...current, anchorStatus: 'exact', anchorScore: null });
    track(id);
    queue.enqueue({
      describe: quoteLabel(current.exact),
      run: async () => settle(id, await client.annotation.confirmAnchor.mutate({ id })),
      onRefused: (error) => {
        revert(id, current);
        refuse('confirm', current.exact)(error);
      },
    });
  }

  /** Deletes at once; returns the deleted annotation so the page can offer Undo. */
  function remove(id: string): AnnotationView | null {
    const current = latest.current.annotations.get(id);
    if (!current) return null;
    setLocal(id, null);
    queue.enqueue({
      describe: quoteLabel(current.exact),
      run: async () => void (await client.annotation.delete.mutate({ id })),
      onRefused: refuse('delete', current.exact),
    });
    return current;
  }

  function restore(view: AnnotationView) {
    setLocal(view.id, view);
    track(view.id);
    queue.enqueue({
      describe: quoteLabel(view.exact),
      run: async () => settle(view.id, await client.annotation.restore.mutate({ id: view.id })),
      onRefused: (error) => {
        revert(view.id, null);
        refuse('restore', view.exact)(error);
      },
    });
  }

  /** The server's answer to a step taken outside the queue (submit, approve, restore a version): shown unless local edits are on their way. */
  function replaceFromServer(view: AnnotationView) {
    confirmed.current.set(view.id, view);
    if (!pendingEdits.current.has(view.id)) setLocal(view.id, view);
  }

  /** Annotations that arrived by import: only the new ones; local edits on their way keep their local copy. */
  function addFromServer(list: AnnotationView[]) {
    for (const a of list) if (!confirmed.current.has(a.id)) confirmed.current.set(a.id, a);
    setAnnotations((prev) => {
      const next = new Map(prev);
      for (const a of list) if (!next.has(a.id)) next.set(a.id, a);
      return next;
    });
  }

  // Leaving with saves in flight loses work: ask first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (queue.pending > 0) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [queue]);

  // Other reviewers' saves. Not once a newer revision exists: its positions would not fit the text shown here.
  useEffect(() => {
    let stopped = false;
    async function sync() {
      if (document.visibilityState !== 'visible' || staleRevision) return;
      try {
        const [newest] = await client.article.revisions.query({ id: article.id });
        if (stopped) return;
        if (newest && newest.number > article.revision) return setStaleRevision(true);
        const remote = await client.annotation.list.query({ articleId: article.id });
        if (stopped) return;
        const busy = (id: string) => pendingEdits.current.has(id) || latest.current.isOpen(id);
        const { updates, removals } = mergeRemote(latest.current.annotations, confirmed.current, remote, busy);
        if (updates.length === 0 && removals.length === 0) return;
        setAnnotations((prev) => {
          const next = new Map(prev);
          for (const a of updates) if (!pendingEdits.current.has(a.id)) next.set(a.id, a);
          for (const id of removals) if (!pendingEdits.current.has(id)) next.delete(id);
          return next;
        });
      } catch {
        // Offline for a moment: the next round tries again; saves report their own failures.
      }
    }
    const timer = window.setInterval(sync, SYNC_INTERVAL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [client, article.id, article.revision, staleRevision]);

  return {
    annotations,
    status,
    staleRevision,
    hasPendingSaves: () => queue.pending > 0,
    retryNow: () => queue.retryNow(),
    create,
    update,
    reattach,
    confirmAnchor,
    remove,
    restore,
    addFromServer,
    replaceFromServer,
  };
}
