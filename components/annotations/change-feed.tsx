'use client';
// Other reviewers' changes, for the parts of the page beyond the annotation
// store (the discussion, the readiness panel): the store's own change source,
// so that one feed refreshes everything instead of one poll per panel.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { ChangeEvent, ChangeSource } from './store/change-source';

const ChangeFeed = createContext<ChangeSource | null>(null);

export function ChangeFeedProvider({ source, children }: { source: ChangeSource; children: ReactNode }) {
  return <ChangeFeed.Provider value={source}>{children}</ChangeFeed.Provider>;
}

/** Calls `onChange` with every change event while mounted (nothing outside a provider). */
export function useChangeFeed(onChange: (event: ChangeEvent) => void): void {
  const source = useContext(ChangeFeed);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => source?.subscribe((event) => latest.current(event)), [source]);
}
