'use client';
// The page's annotations and the saving of every change to them. The page
// starts from the compact index (every annotation's place, verdict and status)
// and loads full versions only for what it shows (rows on screen, the open
// form, annotations needing re-anchoring). Changes show at once (the local
// copy) and are saved in order through the save queue; the server's answer
// replaces the local copy unless newer local edits are still on their way.
// Other reviewers' saves arrive by cursor: the page asks what changed since
// the last change it saw, and an idle article answers 304 with no body.
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { decodeIndex, type AnnotationChanges, type AnnotationIndex, type AnnotationSummary } from '@/server/domain/annotation-index';
import type { Actor } from '@/server/domain/roles';
import { viewFieldsOf, type AnnotationDraft } from './form/AnnotationForm';
import { applyChange, withShownSummary, withView, type AnnotationState, type Change } from './annotation-state';
import { mergeChanges, type Deferred } from './remote-sync';
import { SaveQueue, type SaveStatus } from './save-queue';
import { errorMessage, isConflict, isGone, isRefusal, useTRPCClient } from '../ui/trpc';

/** How often other reviewers' saved changes are asked for. */
const SYNC_INTERVAL_MS = 8000;
/** The most full versions asked for at once (the server's limit too). */
const DETAILS_BATCH = 200;

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
  | {
      kind: 'update';
      id: string;
      draft: AnnotationDraft;
      message: string;
      error: unknown;
      theirs?: AnnotationView;
      previous: AnnotationView;
    }
  | { kind: 'other'; message: string };

/** An annotation as the page holds it: its summary, and its full version when loaded. */
export interface Held {
  summary: AnnotationSummary;
  view: AnnotationView | null;
}

interface Options {
  article: { id: number; revision: number };
  initialIndex: AnnotationIndex;
  /** Full versions the page came with (the first rows of the list). */
  initialDetails: AnnotationView[];
  /** The words of an annotation's quote, read from the article (the index carries none). */
  quoteOf: (a: AnnotationSummary) => string;
  onRefused: (refusal: Refusal) => void;
  /** True for the annotation open in the form: remote copies must not replace it under the reviewer's hands. */
  isOpen: (id: string) => boolean;
  /** The server confirmed a create or an update with this content (the page's kept draft of it can go). */
  onSaved?: (id: string, draft: AnnotationDraft) => void;
}

export function useAnnotationStore({ article, initialIndex, initialDetails, quoteOf, onRefused, isOpen, onSaved }: Options) {
  const client = useTRPCClient();
  const [annotations, setAnnotations] = useState<AnnotationState>(() => {
    const ordered = decodeIndex(initialIndex);
    return { ordered, byId: new Map(ordered.map((a) => [a.id, a])), details: new Map(initialDetails.map((v) => [v.id, v])) };
  });
  const [status, setStatus] = useState<SaveStatus>({ state: 'saved' });
  const [staleRevision, setStaleRevision] = useState(false);
  /** The last server copy this page saw of each annotation (summary always, full version when loaded). */
  // Built once (useState's initialiser), not on every render as useRef(expression) would: thousands of entries.
  const [confirmed] = useState(() => ({
    current: new Map<string, Held>(annotations.ordered.map((a) => [a.id, { summary: a, view: annotations.details.get(a.id) ?? null }])),
  }));
  const [confirmedVersions] = useState(() => ({ current: new Map(annotations.ordered.map((a) => [a.id, a.version])) }));
  const pendingEdits = useRef(new Map<string, number>());
  const deferred = useRef<Deferred>(new Map());
  const cursor = useRef(initialIndex.cursor);
  const requested = useRef(new Set<string>());
  const latest = useRef({ annotations, onRefused, isOpen, onSaved, quoteOf });
  latest.current = { annotations, onRefused, isOpen, onSaved, quoteOf };

  const queue = useMemo(
    () =>
      new SaveQueue({
        isRefusal,
        describeError: (e) => (e instanceof TRPCClientError && !e.data ? 'the server could not be reached' : errorMessage(e)),
        onStatus: setStatus,
      }),
    [],
  );

  const change = (c: Change) => setAnnotations((prev) => applyChange(prev, c));
  const held = (id: string): Held | null => {
    const summary = latest.current.annotations.byId.get(id);
    return summary ? { summary, view: latest.current.annotations.details.get(id) ?? null } : null;
  };
  const quote = (h: Held) => h.view?.exact ?? latest.current.quoteOf(h.summary);

  const track = (id: string) => pendingEdits.current.set(id, (pendingEdits.current.get(id) ?? 0) + 1);

  function remember(view: AnnotationView) {
    confirmed.current.set(view.id, withView(view));
    confirmedVersions.current.set(view.id, view.version);
  }

  /** After a save lands: show the server's copy, unless newer local edits are still on their way. */
  function settle(id: string, saved: AnnotationView | null) {
    if (saved) remember(saved);
    const left = (pendingEdits.current.get(id) ?? 1) - 1;
    if (left > 0) {
      pendingEdits.current.set(id, left);
      return;
    }
    pendingEdits.current.delete(id);
    if (saved) change({ upsert: [withView(saved)] });
  }

  /** Back to the server's copy after a refusal (or to `fallback` when the server never had one). */
  function revert(id: string, fallback: Held | null) {
    settle(id, null);
    if (pendingEdits.current.has(id)) return;
    const back = confirmed.current.get(id) ?? fallback;
    change(back ? { upsert: [{ summary: back.summary, view: back.view }] } : { remove: [id] });
  }

  const refuse = (what: string, words: string) => (error: unknown) =>
    latest.current.onRefused({ kind: 'other', message: `Could not ${what} the ${quoteLabel(words)}: ${errorMessage(error)}` });

  // The server sets the author from the session; the local copy shows the same until its answer arrives.
  function create(id: string, anchor: Anchor, draft: AnnotationDraft, me: Actor) {
    const now = new Date().toISOString();
    change({
      upsert: [
        withView({
          id,
          articleId: article.id,
          ...anchor,
          prefix: '',
          suffix: '',
          ...viewFieldsOf(draft),
          anchorStatus: 'exact',
          anchorScore: null,
          status: 'draft',
          previousExact: null,
          discussionResolved: false,
          author: me.name,
          authorId: me.id,
          updatedBy: null,
          version: 0,
          createdAt: now,
          updatedAt: now,
        }),
      ],
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
        change({ remove: [id] });
        latest.current.onRefused({ kind: 'create', id, anchor, draft, message: errorMessage(error), error });
      },
    });
  }

  function update(id: string, draft: AnnotationDraft, me: Actor) {
    const before = latest.current.annotations.details.get(id);
    if (!before) return;
    change({ upsert: [withView({ ...before, ...viewFieldsOf(draft), updatedBy: me.id !== before.authorId ? me.name : null })] });
    track(id);
    queue.enqueue({
      describe: quoteLabel(before.exact),
      run: async () => {
        const expectedVersion = confirmedVersions.current.get(id) ?? before.version;
        const saved = await client.annotation.update.mutate({ id, expectedVersion, ...draft });
        settle(id, saved);
        latest.current.onSaved?.(id, draft);
      },
      onRefused: async (error) => {
        if (isGone(error)) {
          // Deleted on the server: nothing to go back to. The page offers the text as a new annotation.
          pendingEdits.current.delete(id);
          confirmed.current.delete(id);
          confirmedVersions.current.delete(id);
          change({ remove: [id] });
          latest.current.onRefused({ kind: 'update', id, draft, message: errorMessage(error), error, previous: before });
          return;
        }
        let theirs: AnnotationView | undefined;
        if (isConflict(error)) {
          // Someone else saved first. Show their version, and let this reviewer decide with both in view.
          [theirs] = await client.annotation.details.query({ articleId: article.id, ids: [id] }).catch(() => []);
          if (theirs) remember(theirs);
        }
        revert(id, withView(before));
        const message = `${errorMessage(error)}${isConflict(error) ? ` ${CONFLICT_HINT}` : ''}`;
        latest.current.onRefused({ kind: 'update', id, draft, message, error, theirs, previous: before });
      },
    });
  }

  /** Changes the local copy's place or anchor state at once, on the summary and on the full version if loaded. */
  function patchAnchor(current: Held, anchor: Anchor | null) {
    const fields = { anchorStatus: 'exact' as const, anchorScore: null, ...(anchor ? { from: anchor.from, to: anchor.to } : {}) };
    change({
      upsert: [
        {
          summary: { ...current.summary, ...fields, exact: null },
          view: current.view ? { ...current.view, ...fields, ...(anchor ? { exact: anchor.exact } : {}), previousExact: null } : undefined,
        },
      ],
    });
  }

  function reattach(id: string, anchor: Anchor) {
    const current = held(id);
    if (!current) return;
    patchAnchor(current, anchor);
    track(id);
    queue.enqueue({
      describe: quoteLabel(quote(current)),
      run: async () => {
        const expectedVersion = confirmedVersions.current.get(id) ?? current.summary.version;
        settle(id, await client.annotation.reattach.mutate({ id, expectedVersion, anchor }));
      },
      onRefused: (error) => {
        revert(id, current);
        refuse('re-attach', quote(current))(error);
      },
    });
  }

  function confirmAnchor(id: string) {
    const current = held(id);
    if (!current) return;
    patchAnchor(current, null);
    track(id);
    queue.enqueue({
      describe: quoteLabel(quote(current)),
      run: async () => settle(id, await client.annotation.confirmAnchor.mutate({ id })),
      onRefused: (error) => {
        revert(id, current);
        refuse('confirm', quote(current))(error);
      },
    });
  }

  /** Deletes at once; returns what was deleted so the page can offer Undo. */
  function remove(id: string): Held | null {
    const current = held(id);
    if (!current) return null;
    change({ remove: [id] });
    queue.enqueue({
      describe: quoteLabel(quote(current)),
      run: async () => void (await client.annotation.delete.mutate({ id })),
      onRefused: refuse('delete', quote(current)),
    });
    return current;
  }

  function restore(deleted: Held) {
    change({ upsert: [{ summary: deleted.summary, view: deleted.view }] });
    track(deleted.summary.id);
    queue.enqueue({
      describe: quoteLabel(quote(deleted)),
      run: async () => settle(deleted.summary.id, await client.annotation.restore.mutate({ id: deleted.summary.id })),
      onRefused: (error) => {
        revert(deleted.summary.id, null);
        refuse('restore', quote(deleted))(error);
      },
    });
  }

  /** The server's answer to a step taken outside the queue (submit, approve, restore a version): shown unless local edits are on their way. */
  function replaceFromServer(view: AnnotationView) {
    remember(view);
    if (!pendingEdits.current.has(view.id)) change({ upsert: [withView(view)] });
  }

  /**
   * Full versions of these annotations, asked for once each (rows scrolled into
   * view, an annotation being opened). Resolves when they are in.
   */
  const loadDetails = useCallback(
    async (ids: string[]): Promise<void> => {
      const wanted = ids.filter(
        (id) => !latest.current.annotations.details.has(id) && !requested.current.has(id) && latest.current.annotations.byId.has(id),
      );
      if (wanted.length === 0) return;
      for (const id of wanted) requested.current.add(id);
      try {
        for (let i = 0; i < wanted.length; i += DETAILS_BATCH) {
          const views = await client.annotation.details.query({ articleId: article.id, ids: wanted.slice(i, i + DETAILS_BATCH) });
          // Only copies that match what the page shows: a local change on its way, or a newer copy already here, wins.
          const fitting = views.filter((v) => {
            const shown = latest.current.annotations.byId.get(v.id);
            return shown && !pendingEdits.current.has(v.id) && shown.version <= v.version;
          });
          for (const v of fitting) if ((confirmedVersions.current.get(v.id) ?? -1) <= v.version) remember(v);
          // The summary shown stays the same object when the full version agrees with it, so nothing but the row changes.
          change({ upsert: fitting.map((v) => withShownSummary(latest.current.annotations.byId.get(v.id), v)) });
        }
      } finally {
        for (const id of wanted) requested.current.delete(id);
      }
    },
    [client, article.id],
  );

  /** The full version of one annotation, loading it if needed (opening it from a highlight). */
  async function detailsOf(id: string): Promise<AnnotationView | undefined> {
    const have = latest.current.annotations.details.get(id);
    if (have) return have;
    const [view] = await client.annotation.details.query({ articleId: article.id, ids: [id] });
    if (view && !pendingEdits.current.has(id)) {
      remember(view);
      change({ upsert: [withShownSummary(latest.current.annotations.byId.get(id), view)] });
    }
    return view;
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
  const syncNow = useRef<() => Promise<void>>(async () => {});
  useEffect(() => {
    let stopped = false;
    async function sync(force = false) {
      if ((!force && document.visibilityState !== 'visible') || staleRevision) return;
      try {
        const incoming = await fetchChanges(article.id, cursor.current, article.revision);
        if (stopped) return;
        // A newer revision: its positions would not fit the text shown here (the server sent none).
        if (incoming && incoming.revision > article.revision) return setStaleRevision(true);
        if (incoming) cursor.current = incoming.cursor;
        const busy = (id: string) => pendingEdits.current.has(id) || latest.current.isOpen(id);
        const deletedHere = (id: string) => !latest.current.annotations.byId.has(id);
        const { updates, removals } = mergeChanges(
          confirmedVersions.current,
          deferred.current,
          incoming ?? { changed: [], removed: [] },
          busy,
          deletedHere,
        );
        if (updates.length === 0 && removals.length === 0) return;
        for (const view of updates) confirmed.current.set(view.id, withView(view));
        for (const id of removals) confirmed.current.delete(id);
        setAnnotations((prev) =>
          applyChange(prev, {
            upsert: updates.filter((a) => !pendingEdits.current.has(a.id)).map(withView),
            remove: removals.filter((id) => !pendingEdits.current.has(id)),
          }),
        );
      } catch {
        // Offline for a moment: the next round tries again; saves report their own failures.
      }
    }
    const timer = window.setInterval(sync, SYNC_INTERVAL_MS);
    syncNow.current = () => sync(true);
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
    replaceFromServer,
    loadDetails,
    detailsOf,
    /** Brings in what changed on the server now rather than at the next round (after an import). */
    syncNow: () => syncNow.current(),
  };
}

/** Changes after `since`, or null when there are none (the server's 304). */
async function fetchChanges(articleId: number, since: number, revision: number): Promise<AnnotationChanges | null> {
  const response = await fetch(`/api/articles/${articleId}/changes?since=${since}&revision=${revision}`, {
    headers: { 'x-factcheck-client': '1', 'If-None-Match': `W/"${since}"` },
    cache: 'no-store',
  });
  if (response.status === 304) return null;
  if (!response.ok) throw new Error(`Changes could not be read (${response.status})`);
  return (await response.json()) as AnnotationChanges;
}
