'use client';
// The live desk around the editor: one change feed (the page's live stream)
// for every panel, who else has the article open and what they are editing,
// the word that tells the server what this tab edits (its open stream says it
// is here; a heartbeat does while the page is on the fallback poll), and the
// connection state the status region shows.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { ChangeFeedProvider } from '../annotations/change-feed';
import type { ConnectionState, LiveSource, PresentPerson } from '../annotations/store/live-source';
import { useTRPCClient } from '../ui/trpc';
import { useNotificationHub } from './NotificationHubProvider';

/** On the fallback poll, the browser says it is here every so often (the server forgets a page 30 s after its last word). */
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

  useEditingWord({ source, articleId, tab, editing });
  const polling = connection.via === 'poll';
  usePollHeartbeat({ source, polling, articleId, tab, editing, onAnswered: () => backOnline.current() });

  return (
    <LiveContext.Provider value={{ connection, people, viewerId }}>
      <ChangeFeedProvider source={source}>{children}</ChangeFeedProvider>
    </LiveContext.Provider>
  );
}

/**
 * What this tab edits, told to the server when it changes (and again when the
 * stream opens anew, since a new connection joins editing nothing): the open
 * stream itself keeps the tab present, so an idle page sends nothing.
 */
function useEditingWord({
  source,
  articleId,
  tab,
  editing,
}: {
  source: LiveSource;
  articleId: number;
  tab: string;
  editing: string | null;
}) {
  const client = useTRPCClient();
  /** What the server was last told for this connection (undefined: unknown, a word failed). */
  const told = useRef<string | null | undefined>(null);
  const current = useRef(editing);
  current.current = editing;
  const tell = useCallback(
    (value: string | null) => {
      told.current = value;
      client.presence.editing.mutate({ articleId, clientId: tab, editing: value }).catch(() => {
        if (told.current === value) told.current = undefined;
      });
    },
    [client, articleId, tab],
  );
  useEffect(() => {
    if (editing !== told.current) tell(editing);
  }, [editing, tell]);
  useEffect(
    () =>
      source.onState((state) => {
        if (state.state !== 'live' || state.via !== 'stream') return;
        told.current = null;
        if (current.current !== null) tell(current.current);
      }),
    [source, tell],
  );
}

/**
 * While the page is on the fallback poll (no stream holds it present):
 * `presence.heartbeat` now and every HEARTBEAT_MS, whose answer is the presence
 * list and the unread count. `presence.leave` when the page goes.
 */
function usePollHeartbeat({
  source,
  polling,
  articleId,
  tab,
  editing,
  onAnswered,
}: {
  source: LiveSource;
  polling: boolean;
  articleId: number;
  tab: string;
  editing: string | null;
  onAnswered: () => void;
}) {
  const client = useTRPCClient();
  const hub = useNotificationHub();
  const answered = useRef(onAnswered);
  answered.current = onAnswered;
  useEffect(() => {
    if (!polling) return;
    let failing = false;
    let stopped = false;
    const beat = () =>
      client.presence.heartbeat
        .mutate({ articleId, editing, clientId: tab })
        .then(({ people, unread }) => {
          if (stopped) return;
          source.setPresence(people);
          hub?.tell({ unread, added: [] });
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
  }, [client, hub, source, polling, articleId, tab, editing]);

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
