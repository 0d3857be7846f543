'use client';
// The live desk around the editor: one change feed (the page's live stream)
// for every panel, who else has the article open and what they are editing,
// the heartbeat that tells the server this page is here, and the connection
// state the status region shows.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { ChangeFeedProvider } from '../annotations/change-feed';
import type { ConnectionState, LiveSource, PresentPerson } from '../annotations/store/live-source';
import { useTRPCClient } from '../ui/trpc';

/** The browser says it is here every so often (the server forgets a page 30 s after its last word). */
export const HEARTBEAT_MS = 10_000;

interface Live {
  connection: ConnectionState;
  people: PresentPerson[];
  viewerId: string;
}

const LiveContext = createContext<Live | null>(null);

interface Props {
  source: LiveSource;
  articleId: number;
  viewerId: string;
  /** This tab, as the server tells one tab of a person from another. */
  tab: string;
  /** The annotation open for editing here, or null. */
  editing: string | null;
  /** The server answers again after it could not be reached: saves waiting should go now. */
  onBackOnline: () => void;
  children: ReactNode;
}

export function LiveDesk({ source, articleId, viewerId, tab, editing, onBackOnline, children }: Props) {
  const [connection, setConnection] = useState<ConnectionState>(source.state);
  const [people, setPeople] = useState<PresentPerson[]>([]);
  const backOnline = useRef(onBackOnline);
  backOnline.current = onBackOnline;

  useEffect(() => source.onPresence(setPeople), [source]);
  useEffect(() => {
    let wasLive = true;
    return source.onState((state) => {
      setConnection(state);
      const live = state.state === 'live';
      if (live && !wasLive) backOnline.current();
      wasLive = live;
    });
  }, [source]);
  useEffect(() => {
    const online = () => {
      source.reconnectNow();
      backOnline.current();
    };
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [source]);

  useHeartbeat({ source, articleId, tab, editing, onAnswered: () => backOnline.current() });

  return (
    <LiveContext.Provider value={{ connection, people, viewerId }}>
      <ChangeFeedProvider source={source}>{children}</ChangeFeedProvider>
    </LiveContext.Provider>
  );
}

/**
 * `presence.heartbeat` now, every HEARTBEAT_MS and whenever the open annotation
 * changes; `presence.leave` when the page goes. Its answer is the presence
 * list, which counts when the stream is not held (the fallback poll).
 */
function useHeartbeat({
  source,
  articleId,
  tab,
  editing,
  onAnswered,
}: {
  source: LiveSource;
  articleId: number;
  tab: string;
  editing: string | null;
  onAnswered: () => void;
}) {
  const client = useTRPCClient();
  const answered = useRef(onAnswered);
  answered.current = onAnswered;
  useEffect(() => {
    let failing = false;
    let stopped = false;
    const beat = () =>
      client.presence.heartbeat
        .mutate({ articleId, editing, clientId: tab })
        .then(({ people }) => {
          if (stopped) return;
          source.setPresence(people);
          if (failing) answered.current();
          failing = false;
        })
        .catch(() => {
          failing = true;
        });
    void beat();
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [client, source, articleId, tab, editing]);

  useEffect(() => {
    const leave = () => {
      // keepalive: the request outlives the page. Same origin; the client header marks it as the app's own.
      void fetch('/api/trpc/presence.leave', {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json', 'x-factcheck-client': '1' },
        body: JSON.stringify({ articleId, clientId: tab }),
      }).catch(() => undefined);
    };
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [articleId, tab]);
}

export function useLive(): Live | null {
  return useContext(LiveContext);
}

/** The names of the other people who have this annotation open for editing. */
export function useEditingBy(annotationId: string | null): string[] {
  const live = useContext(LiveContext);
  if (!live || !annotationId) return [];
  return live.people.filter((p) => p.userId !== live.viewerId && p.editing.includes(annotationId)).map((p) => p.name);
}

/** "Ben Editor is editing", "Ben Editor and Cleo Chief are editing". */
export function editingSentence(names: string[]): string | null {
  if (names.length === 0) return null;
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${who} ${names.length === 1 ? 'is' : 'are'} editing`;
}
