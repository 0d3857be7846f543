import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent, ChangeListener, ChangeSource } from '@/components/annotations/store/change-source';
import { ChangeListeners } from '@/components/annotations/store/change-source';
import {
  LiveSource,
  type ConnectionState,
  type LiveMessage,
  type LiveTransport,
  type LiveTransportHandlers,
  type PresentPerson,
} from '@/components/annotations/store/live-source';

interface Opened {
  lastEventId: string;
  handlers: LiveTransportHandlers;
  closed: boolean;
}

class FakePoll implements ChangeSource {
  readonly listeners = new ChangeListeners();
  started = false;
  stopped = false;
  synced = 0;
  constructor(
    public position: number,
    readonly onRound: (ok: boolean) => void,
  ) {}
  subscribe(listener: ChangeListener) {
    return this.listeners.add(listener);
  }
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
  }
  async syncNow() {
    this.synced++;
  }
}

const changes = (cursor: number, fields: Partial<Extract<LiveMessage, { kind: 'changes' }>> = {}): LiveMessage => ({
  kind: 'changes',
  cursor,
  revision: 1,
  changed: [],
  removed: [],
  discussion: [],
  workflow: [],
  article: [],
  ...fields,
});

class Refused extends Error {}

function setup() {
  const opened: Opened[] = [];
  const polls: FakePoll[] = [];
  const events: ChangeEvent[] = [];
  const states: ConnectionState[] = [];
  const presence: PresentPerson[][] = [];
  const source = new LiveSource({
    articleId: 7,
    revision: 1,
    cursor: 10,
    transport: (input, handlers) => {
      const o: Opened = { lastEventId: input.lastEventId, handlers, closed: false };
      opened.push(o);
      return () => {
        o.closed = true;
      };
    },
    makePoll: (cursor, onRound) => {
      const poll = new FakePoll(cursor, onRound);
      polls.push(poll);
      return poll;
    },
    maxFailures: 3,
    connectTimeoutMs: 20_000,
    streamRetryMs: [120_000, 300_000],
    reopenDelaysMs: [1000, 2000],
    refusalOf: (e) => (e instanceof Refused ? 'deleted' : null),
  });
  source.subscribe((e) => events.push(e));
  source.onState((s) => states.push(s));
  source.onPresence((p) => presence.push(p));
  return { source, opened, polls, events, states, presence, last: () => opened[opened.length - 1] };
}

describe('LiveSource', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens from the index cursor and passes on changes, discussion and presence', () => {
    const { source, opened, events, states, presence, last } = setup();
    source.start();
    expect(opened).toHaveLength(1);
    expect(last().lastEventId).toBe('10');
    last().handlers.onStarted();
    expect(states.at(-1)).toEqual({ state: 'live', via: 'stream' });
    const ana: PresentPerson = { userId: 'u1', name: 'Ana', role: 'admin', editing: ['x'] };
    last().handlers.onMessage({ kind: 'presence', cursor: 10, people: [ana] });
    last().handlers.onMessage(changes(12, { removed: ['a'], discussion: ['b'] }));
    expect(presence.at(-1)).toEqual([ana]);
    expect(events).toEqual([{ kind: 'changes', changed: [], removed: ['a'], discussion: ['b'], workflow: [], article: [] }]);
    expect(source.position).toBe(12);
  });

  it('resumes from the last id it heard when the stream ends, and ignores the old connection', async () => {
    const { source, opened, events, states, last } = setup();
    source.start();
    const first = last();
    first.handlers.onStarted();
    first.handlers.onMessage(changes(15));
    first.handlers.onEnded(new Error('socket hang up'));
    expect(states.at(-1)).toEqual({ state: 'reconnecting', via: 'stream' });
    expect(opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toHaveLength(2);
    expect(last().lastEventId).toBe('15');
    // A late word from the closed connection changes nothing.
    first.handlers.onMessage(changes(99));
    expect(source.position).toBe(15);
    expect(events).toHaveLength(1);
  });

  it('falls back to the poll from the same cursor after repeated failures, and tries the stream again later', async () => {
    const { source, opened, polls, states, events, last } = setup();
    source.start();
    last().handlers.onStarted();
    last().handlers.onMessage(changes(20));
    last().handlers.onRetrying(new Error('down'));
    last().handlers.onRetrying(new Error('down'));
    expect(polls).toHaveLength(0);
    last().handlers.onRetrying(new Error('down'));
    expect(polls).toHaveLength(1);
    expect(last().closed).toBe(true);
    const poll = polls[0];
    expect(poll.position).toBe(20);
    expect(poll.started).toBe(true);
    expect(poll.synced).toBe(1);
    poll.onRound(true);
    expect(states.at(-1)).toEqual({ state: 'live', via: 'poll' });
    poll.onRound(false);
    expect(states.at(-1)).toEqual({ state: 'offline', via: 'poll' });
    // What the poll brings reaches the listeners as from the stream.
    poll.listeners.emit({ kind: 'changes', changed: [], removed: ['z'] });
    expect(events.at(-1)).toEqual({ kind: 'changes', changed: [], removed: ['z'] });
    poll.position = 25;

    await vi.advanceTimersByTimeAsync(119_000);
    expect(opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(poll.stopped).toBe(true);
    expect(opened).toHaveLength(2);
    expect(last().lastEventId).toBe('25');
  });

  it('counts failures in a row only: a stream that opens between them starts the count again', async () => {
    const { source, polls, last } = setup();
    source.start();
    for (let i = 0; i < 5; i++) {
      last().handlers.onRetrying(new Error('blip'));
      last().handlers.onRetrying(new Error('blip'));
      last().handlers.onStarted();
    }
    expect(polls).toHaveLength(0);
    // EventSource's own reconnects that never open (a refused stream): the third in a row gives way to the poll.
    last().handlers.onRetrying(new Error('refused'));
    last().handlers.onRetrying(new Error('refused'));
    last().handlers.onRetrying(new Error('refused'));
    expect(polls).toHaveLength(1);
    expect(last().closed).toBe(true);
  });

  it('counts a stream that does not open in time as a failure, and opens it anew', async () => {
    const { source, opened, polls, states } = setup();
    source.start();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened).toHaveLength(2);
    expect(opened[0].closed).toBe(true);
    expect(states.at(-1)).toEqual({ state: 'reconnecting', via: 'stream' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(polls).toHaveLength(0);
    // A buffering proxy: nothing ever opens. The third timeout hands over to the poll.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(polls).toHaveLength(1);
    expect(opened.every((o) => o.closed)).toBe(true);
  });

  it('tries the stream again later and later while it keeps failing, and at once when the poll hears the server again', async () => {
    const { source, opened, polls, last } = setup();
    source.start();
    const failThrice = () => {
      for (let i = 0; i < 3; i++) last().handlers.onRetrying(new Error('refused'));
    };
    failThrice();
    expect(polls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(opened).toHaveLength(2);
    failThrice();
    expect(polls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(180_000);
    expect(opened).toHaveLength(3);
    failThrice();
    // The server cannot be reached, then answers again: the stream is tried now, not in five minutes.
    polls[2].onRound(false);
    expect(opened).toHaveLength(3);
    polls[2].onRound(true);
    expect(opened).toHaveLength(4);
    expect(polls[2].stopped).toBe(true);
    // Once open, the waits start from the shortest again.
    last().handlers.onStarted();
    failThrice();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(opened).toHaveLength(5);
  });

  it('opens with its tab and the newest notification known, and passes notifications on', () => {
    const opened: Parameters<LiveTransport>[0][] = [];
    let handlers: LiveTransportHandlers | null = null;
    let newest: number | null = null;
    const source = new LiveSource({
      articleId: 7,
      revision: 1,
      cursor: 10,
      clientId: 'tab-1',
      notificationsAfter: () => newest,
      transport: (input, h) => {
        opened.push(input);
        handlers = h;
        return () => undefined;
      },
    });
    const told: unknown[] = [];
    source.onNotifications((u) => told.push(u));
    source.start();
    expect(opened[0]).toEqual({ articleId: 7, lastEventId: '10', revision: 1, clientId: 'tab-1', notifications: { after: null } });
    handlers!.onStarted();
    handlers!.onMessage({ kind: 'notifications', cursor: 10, unread: 2, added: [] });
    expect(told).toEqual([{ unread: 2, added: [] }]);
    expect(source.position).toBe(10);
    newest = 41;
    handlers!.onEnded(new Error('dropped'));
    vi.advanceTimersByTime(1000);
    expect(opened[1]).toMatchObject({ notifications: { after: 41 } });
    source.stop();
  });

  it('stops for good on a refusal or a closed message, and says why', async () => {
    const { source, opened, states, last } = setup();
    source.start();
    last().handlers.onEnded(new Refused('gone'));
    expect(states.at(-1)).toEqual({ state: 'closed', via: 'stream', reason: 'deleted' });
    await vi.advanceTimersByTimeAsync(300_000);
    expect(opened).toHaveLength(1);

    const other = setup();
    other.source.start();
    other.last().handlers.onMessage({ kind: 'closed', cursor: 10, reason: 'access_removed' });
    expect(other.states.at(-1)).toEqual({ state: 'closed', via: 'stream', reason: 'access_removed' });
    expect(other.last().closed).toBe(true);
  });

  it('says once that a newer revision exists', () => {
    const { source, events, last } = setup();
    source.start();
    last().handlers.onMessage(changes(30, { revision: 2 }));
    last().handlers.onMessage(changes(31, { revision: 2, removed: ['q'] }));
    expect(events).toEqual([{ kind: 'newRevision', revision: 2 }]);
  });
});
