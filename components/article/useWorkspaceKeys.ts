'use client';
// The page's two ways in without the mouse: the annotate shortcut wherever
// focus is, and a link to one annotation (#annotation-<id>) that opens it.
import { useEffect, useRef, type RefObject } from 'react';
import type { ArticleViewHandle } from '../editor/ArticleView';

export function useWorkspaceKeys({
  onAnnotate,
  onOpen,
  viewRef,
}: {
  onAnnotate: () => void;
  onOpen: (id: string) => void;
  viewRef: RefObject<ArticleViewHandle | null>;
}) {
  const latest = useRef({ onAnnotate, onOpen });
  latest.current = { onAnnotate, onOpen };

  // A link from Mentions, a notification, or shared by a colleague: on arrival, and when the hash changes on this page.
  useEffect(() => {
    const openFromHash = () => {
      const match = /^#annotation-([0-9a-f-]{36})$/.exec(window.location.hash);
      if (!match) return;
      latest.current.onOpen(match[1]);
      viewRef.current?.scrollTo(match[1]);
    };
    openFromHash();
    window.addEventListener('hashchange', openFromHash);
    return () => window.removeEventListener('hashchange', openFromHash);
  }, [viewRef]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Inside the article ProseMirror's keymap has handled it already (and prevented the default): once is enough.
      if (event.defaultPrevented) return;
      if (event.altKey && (event.ctrlKey || event.metaKey) && event.code === 'KeyM') {
        event.preventDefault();
        latest.current.onAnnotate();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
