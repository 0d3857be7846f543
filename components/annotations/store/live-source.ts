// The change source of the live desk: one server-sent-events stream per page
// (the `live.article` subscription) brings what others save as it commits,
// who has the article open (its being open is what keeps this tab listed),
// the person's notifications, and a last word when the page must stop. Every
// message carries the change number the page has been brought up to; a
// reconnect resumes from the last one, so nothing is missed or heard twice.
// Where the stream cannot be held (it fails again and again without ever
// opening: a proxy that buffers, a network that refuses it) the page closes it
// and falls back to the cursor poll from the same cursor, and tries the stream
// again later, waiting longer each time. Framework-free: the transport is
// passed in (tRPC in the app, a fake in tests).
import type { AnnotationView } from '@/server/domain/annotation';
import type { NotificationView } from '@/server/domain/notification.types';
import type { Role } from '@/server/domain/roles';
import { ChangeListeners, type ChangeEvent, type ChangeListener, type ChangeSource } from './change-source';
import { CursorPollSource } from './cursor-poll';

export interface PresentPerson {
  userId: string;
  name: string;
  role: Role;
  /** Annotations this person has open for editing (one per tab); empty when only reading. */
  editing: string[];
}

export type ClosedReason = 'deleted' | 'access_removed' | 'signed_out' | 'resync';

/** What the stream sends (server/routers/live.ts); `cursor` is also the message's event id. */
export type LiveMessage =
  | {
      kind: 'changes';
      cursor: number;
      revision: number;
      changed: AnnotationView[];
      removed: string[];
      discussion: string[];
      workflow: string[];
      article: string[];
    }
  | { kind: 'presence'; cursor: number; people: PresentPerson[] }
  | { kind: 'notifications'; cursor: number; unread: number; added: NotificationView[] }
  | { kind: 'closed'; cursor: number; reason: ClosedReason };

/** The person's unread count, and notifications new since the last word (newest first). */
export interface NotificationUpdate {
  unread: number;
  added: NotificationView[];
}

export interface LiveTransportHandlers {
  /** The stream is open (the first message follows). */
  onStarted(): void;
  onMessage(message: LiveMessage): void;
  /** The connection dropped or could not be made (EventSource's `error`); the transport is trying again by itself. */
  onRetrying(error: unknown): void;
  /** The stream ended for good: `error` null when the server ended it, else why. */
  onEnded(error: unknown): void;
}

/** Opens the stream from `lastEventId`; returns the way to close it. */
export type LiveTransport = (
  input: {
    articleId: number;
    lastEventId: string;
    revision: number;
    /** This tab: present on the article while the stream is open. */
    clientId?: string;
    /** Carry the person's notifications, after this one (null: from now). */
    notifications?: { after: number | null };
  },
  handlers: LiveTransportHandlers,
) => () => void;

/**
 * - connecting: opening the stream for the first time;
 * - live: the stream is open (or the fallback poll answers);
 * - reconnecting: the stream dropped and is being opened again;
 * - offline: the server cannot be reached (the fallback poll fails too);
 * - closed: the server ended the stream for good (`reason`).
 */
export type ConnectionState =
  | { state: 'connecting' | 'live' | 'reconnecting' | 'offline'; via: 'stream' | 'poll' }
  | { state: 'closed'; via: 'stream'; reason: ClosedReason };

export interface LiveSourceOptions {
  articleId: number;
  revision: number;
  /** The cursor the page's index was read at. */
  cursor: number;
  transport: LiveTransport;
  /** This tab, as presence knows it. */
  clientId?: string;
  /** Carry the person's notifications: the newest one the page knows of when the stream opens (null: from now). */
  notificationsAfter?: () => number | null;
  /** The fallback (replaceable in tests); made from the cursor the stream reached. */
  makePoll?: (cursor: number, onRound: (ok: boolean) => void) => ChangeSource & { readonly position: number };
  /** This many failures in a row, with no open stream between them, fall back to the poll. */
  maxFailures?: number;
  /** A stream not open after this long counts as a failure (a proxy that holds the answer back) and is opened anew. */
  connectTimeoutMs?: number;
  /** How long the poll serves before the stream is tried again; the last wait repeats. */
  streamRetryMs?: number[];
  /** Waits before reopening a stream that ended with an error (the last one repeats). */
  reopenDelaysMs?: number[];
  /** A refusal the server will repeat: the stream is not reopened. */
  refusalOf?: (error: unknown) => ClosedReason | null;
}

export const MAX_FAILURES = 3;
export const CONNECT_TIMEOUT_MS = 20_000;
export const STREAM_RETRY_MS = [30_000, 120_000, 300_000];
const REOPEN_DELAYS_MS = [1000, 2000, 5000];

type Mode = 'idle' | 'stream' | 'poll' | 'closed';

export class LiveSource implements ChangeSource {
  private readonly listeners = new ChangeListeners();
  private readonly presenceListeners = new Set<(people: PresentPerson[]) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly notificationListeners = new Set<(update: NotificationUpdate) => void>();
  private cursor: number;
  private mode: Mode = 'idle';
  private close: (() => void) | null = null;
  /** Tells a stale connection's late callbacks from the current one's. */
  private generation = 0;
  /** Failures since the stream was last open. */
  private failures = 0;
  private reopenAttempt = 0;
  /** Fallbacks since the stream was last open: how long the poll serves before the next try. */
  private fallbacks = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private poll: (ChangeSource & { readonly position: number }) | null = null;
  private stopPoll: (() => void) | null = null;
  private newRevision = false;
  private current: ConnectionState = { state: 'connecting', via: 'stream' };
  private people: PresentPerson[] = [];

  constructor(private readonly options: LiveSourceOptions) {
    this.cursor = options.cursor;
  }

  subscribe(listener: ChangeListener): () => void {
    return this.listeners.add(listener);
  }

  /** Who has the article open (everyone, the caller included); told at once with the last list. */
  onPresence(listener: (people: PresentPerson[]) => void): () => void {
    this.presenceListeners.add(listener);
    listener(this.people);
    return () => this.presenceListeners.delete(listener);
  }

  /** The person's notifications, as the stream brings them. */
  onNotifications(listener: (update: NotificationUpdate) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** The connection's state; told at once with the current one. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.current);
    return () => this.stateListeners.delete(listener);
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The change number the page has been brought up to. */
  get position(): number {
    return this.poll ? Math.max(this.cursor, this.poll.position) : this.cursor;
  }

  /** A presence list from elsewhere (the heartbeat's answer, when the stream is not held). */
  setPresence(people: PresentPerson[]): void {
    if (this.mode === 'stream' && this.current.state === 'live') return;
    this.tellPresence(people);
  }

  start(): void {
    if (this.mode !== 'idle') return;
    this.openStream();
  }

  stop(): void {
    this.clearTimer();
    this.clearConnectTimer();
    this.closeStream();
    this.endPoll();
    if (this.mode !== 'closed') this.mode = 'idle';
  }

  async syncNow(): Promise<void> {
    // The stream pushes everything as it commits; the poll is asked now.
    if (this.mode === 'poll' && this.poll) await this.poll.syncNow();
  }

  /** Try the stream now (the network came back): skips the wait of a fallback or a reopen. */
  reconnectNow(): void {
    if (this.mode === 'closed' || this.mode === 'idle') return;
    if (this.mode === 'stream' && this.current.state === 'live') return;
    this.clearTimer();
    this.endPoll();
    this.closeStream();
    this.openStream();
  }

  // ——— Inside ———

  private openStream(): void {
    this.mode = 'stream';
    const generation = ++this.generation;
    const mine = () => generation === this.generation && this.mode === 'stream';
    if (this.current.state !== 'reconnecting' && this.current.state !== 'offline') this.setState({ state: 'connecting', via: 'stream' });
    const { notificationsAfter } = this.options;
    this.armConnectTimer(mine);
    this.close = this.options.transport(
      {
        articleId: this.options.articleId,
        lastEventId: String(this.position),
        revision: this.options.revision,
        ...(this.options.clientId ? { clientId: this.options.clientId } : {}),
        ...(notificationsAfter ? { notifications: { after: notificationsAfter() } } : {}),
      },
      {
        onStarted: () => {
          if (!mine()) return;
          this.clearConnectTimer();
          this.reopenAttempt = 0;
          this.failures = 0;
          this.fallbacks = 0;
          this.setState({ state: 'live', via: 'stream' });
        },
        onMessage: (message) => {
          if (mine()) this.receive(message);
        },
        onRetrying: () => {
          if (!mine()) return;
          // EventSource reconnects by itself; each attempt that fails before the stream opens counts.
          this.setState({ state: 'reconnecting', via: 'stream' });
          if (!this.failed()) this.armConnectTimer(mine);
        },
        onEnded: (error) => {
          if (!mine()) return;
          this.clearConnectTimer();
          this.close = null;
          const refused = error == null ? null : (this.options.refusalOf?.(error) ?? null);
          if (refused) {
            this.closeFor(refused);
            return;
          }
          // Ended without a last word (a server restart): reopen from the last id.
          this.setState({ state: 'reconnecting', via: 'stream' });
          if (this.failed()) return;
          const delays = this.options.reopenDelaysMs ?? REOPEN_DELAYS_MS;
          const wait = delays[Math.min(this.reopenAttempt++, delays.length - 1)];
          this.later(wait, () => this.openStream());
        },
      },
    );
  }

  /** A stream that has not opened after CONNECT_TIMEOUT_MS is a failure, and is opened anew (or gives way to the poll). */
  private armConnectTimer(mine: () => boolean): void {
    this.clearConnectTimer();
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      if (!mine() || this.current.state === 'live') return;
      this.setState({ state: 'reconnecting', via: 'stream' });
      if (this.failed()) return;
      this.closeStream();
      this.openStream();
    }, this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private receive(message: LiveMessage): void {
    if (message.kind === 'notifications') {
      const update = { unread: message.unread, added: message.added };
      for (const listener of this.notificationListeners) listener(update);
      return;
    }
    if (message.kind === 'presence') {
      this.cursor = Math.max(this.cursor, message.cursor);
      this.tellPresence(message.people);
      return;
    }
    if (message.kind === 'closed') {
      this.closeFor(message.reason);
      return;
    }
    if (this.newRevision) return;
    this.cursor = Math.max(this.cursor, message.cursor);
    if (message.revision > this.options.revision) {
      this.newRevision = true;
      this.listeners.emit({ kind: 'newRevision', revision: message.revision });
      return;
    }
    const { changed, removed, discussion, workflow, article } = message;
    this.listeners.emit({ kind: 'changes', changed, removed, discussion, workflow, article });
  }

  /** Counts a failure; true when there were too many in a row and the poll took over. */
  private failed(): boolean {
    this.failures++;
    if (this.failures < (this.options.maxFailures ?? MAX_FAILURES)) return false;
    this.fallBack();
    return true;
  }

  private fallBack(): void {
    this.failures = 0;
    this.reopenAttempt = 0;
    this.clearConnectTimer();
    // Closed here, not left to EventSource, which would keep reconnecting by itself beside the poll.
    this.closeStream();
    this.mode = 'poll';
    const makePoll =
      this.options.makePoll ??
      ((cursor: number, onRound: (ok: boolean) => void) =>
        new CursorPollSource({ articleId: this.options.articleId, revision: this.options.revision, cursor, onRound }));
    let answered: boolean | null = null;
    const poll = makePoll(this.cursor, (ok) => {
      if (this.poll !== poll) return;
      const cameBack = ok && answered === false;
      answered = ok;
      this.setState({ state: ok ? 'live' : 'offline', via: 'poll' });
      // The server answers again after it could not be reached: the stream may well be back too.
      if (cameBack) this.reconnectNow();
    });
    this.poll = poll;
    this.stopPoll = poll.subscribe((event: ChangeEvent) => {
      if (this.poll !== poll) return;
      if (event.kind === 'newRevision') this.newRevision = true;
      this.listeners.emit(event);
    });
    this.setState({ state: 'reconnecting', via: 'poll' });
    poll.start();
    // Ask at once rather than a whole interval later: what happened while the stream failed.
    void poll.syncNow();
    const waits = this.options.streamRetryMs ?? STREAM_RETRY_MS;
    this.later(waits[Math.min(this.fallbacks++, waits.length - 1)], () => {
      this.endPoll();
      this.openStream();
    });
  }

  private endPoll(): void {
    if (!this.poll) return;
    this.cursor = Math.max(this.cursor, this.poll.position);
    this.poll.stop();
    this.stopPoll?.();
    this.poll = null;
    this.stopPoll = null;
  }

  private closeStream(): void {
    this.generation++;
    const close = this.close;
    this.close = null;
    close?.();
  }

  private closeFor(reason: ClosedReason): void {
    this.clearTimer();
    this.clearConnectTimer();
    this.closeStream();
    this.endPoll();
    this.mode = 'closed';
    this.tellPresence([]);
    this.setState({ state: 'closed', via: 'stream', reason });
  }

  private later(ms: number, run: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      run();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: ConnectionState): void {
    const same =
      state.state === this.current.state &&
      state.via === this.current.via &&
      (state.state !== 'closed' || (this.current.state === 'closed' && state.reason === this.current.reason));
    if (same) return;
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private tellPresence(people: PresentPerson[]): void {
    this.people = people;
    for (const listener of this.presenceListeners) listener(people);
  }
}
