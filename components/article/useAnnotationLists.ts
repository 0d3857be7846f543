'use client';
// The page's annotations as the article and the lists show them: those on the
// text (highlighted, listed), and the orphans whose text is gone (listed for
// re-anchoring, with their full versions loaded at once: there are few).
import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import type { AnnotationState } from '../annotations/annotation-state';
import type { AnnotationStore } from '../annotations/store/AnnotationStore';
import type { Highlight } from '../editor/annotation-plugin';
import type { ArticleViewHandle } from '../editor/ArticleView';
import { stateInWords } from '../editor/state-in-words';

export function useAnnotationLists(annotations: AnnotationState, store: AnnotationStore) {
  // Kept in document order by the store (insertion, not a sort per change).
  const all = annotations.ordered;
  // Orphans keep their last place only for the record: they are not on the current text.
  const sorted = useMemo(() => all.filter((a) => a.anchorStatus !== 'orphaned'), [all]);
  const orphans = useMemo(() => all.filter((a) => a.anchorStatus === 'orphaned'), [all]);
  // One Highlight object per summary object: an unchanged annotation hands the editor the same object, so its diff is by identity.
  const highlightCache = useRef(new WeakMap<AnnotationSummary, Highlight>());
  const highlights = useMemo(
    () =>
      sorted.map((a) => {
        let h = highlightCache.current.get(a);
        if (!h) {
          h = { id: a.id, from: a.from, to: a.to, verdict: a.verdict, state: stateInWords(a), status: a.status };
          highlightCache.current.set(a, h);
        }
        return h;
      }),
    [sorted],
  );

  useEffect(() => {
    if (orphans.length) void store.loadDetails(orphans.map((a) => a.id)).catch(() => undefined);
  }, [orphans, store]);

  return { all, sorted, orphans, highlights };
}

/** The list is memoised: it gets callbacks that keep their identity and call the latest code. */
export function useListCallbacks({
  store,
  viewRef,
  open,
  remove,
}: {
  store: AnnotationStore;
  viewRef: RefObject<ArticleViewHandle | null>;
  open: (id: string) => void;
  remove: (id: string) => void;
}) {
  const latest = useRef({ open, remove });
  latest.current = { open, remove };
  const onListOpen = useCallback(
    (id: string) => {
      latest.current.open(id);
      viewRef.current?.scrollTo(id);
    },
    [viewRef],
  );
  const onListDelete = useCallback((id: string) => latest.current.remove(id), []);
  const onConfirmAnchor = useCallback((id: string) => store.confirmAnchor(id), [store]);
  const onRowsShown = useCallback((ids: string[]) => void store.loadDetails(ids).catch(() => undefined), [store]);
  return { onListOpen, onListDelete, onConfirmAnchor, onRowsShown };
}
