// The ChangeNotifier across app processes on one PostgreSQL database:
// LISTEN/NOTIFY on one channel, carrying ids only ("article N reached
// sequence S", "person P has notification N"); the streams read the rows
// themselves, as they do in one process.
//
// - Publishing wakes this process's listeners at once, then sends a NOTIFY
//   from a small pool. Every process, this one included, hears it on its one
//   listening connection; a process skips its own (the payload names the
//   sender), so a local change costs one wake-up, not two.
// - The listening connection is postgres-js's own (`sql.listen`: one
//   dedicated connection per process, listened again with back-off when it is
//   lost). Its first LISTEN is retried here too, so a process started while the
//   database was still coming up listens once it can.
// - A connection that was lost heard nothing meanwhile. Once listening again,
//   it reads the current change sequence of every article it has listeners for
//   (and the newest notification of every person) and wakes those that moved
//   past what it last heard; each stream then reads from its own cursor, so
//   nothing committed while it was deaf is missed.
// - A NOTIFY that never goes out (the sender crashed after its commit) is
//   caught by the stream's own recheck (LIVE_RECHECK_MS): one read, a few
//   seconds late, nothing lost.
// - Presence rides the same channel and connection ("s:<origin>:<message>",
//   see ./presence-sync.ts), sent in order through one queue.
import 'server-only';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type ChangeNotifier, type PersonListener, type SeqListener, setNotifier } from './notifier';
import { getPresence, isShareable } from './presence';
import { type PresenceBus, PresenceSync } from './presence-sync';

/** The one channel every process listens on. */
export const CHANNEL = 'factcheck_changes';

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 10_000;

export function isPostgresUrl(url: string | undefined): url is string {
  return typeof url === 'string' && /^postgres(ql)?:\/\//i.test(url.trim());
}

type Payload = { kind: 'a'; articleId: number; seq: number; origin: string } | { kind: 'p'; userId: string; id: number; origin: string };

// "a:<article>:<seq>:<origin>" or "p:<notification>:<origin>:<user>" (the user id last: it is text).
export function encode(p: Payload): string {
  return p.kind === 'a' ? `a:${p.articleId}:${p.seq}:${p.origin}` : `p:${p.id}:${p.origin}:${p.userId}`;
}

/** A payload this notifier understands, or null for anything else (another version's, a stray NOTIFY). */
export function decode(text: string): Payload | null {
  const article = /^a:(\d{1,15}):(\d{1,15}):([\w-]{1,40})$/.exec(text);
  if (article) return { kind: 'a', articleId: Number(article[1]), seq: Number(article[2]), origin: article[3] };
  const person = /^p:(\d{1,15}):([\w-]{1,40}):([\w-]{1,200})$/.exec(text);
  if (person) return { kind: 'p', id: Number(person[1]), origin: person[2], userId: person[3] };
  return null;
}

interface Channel<T> {
  listeners: Set<(value: T) => void>;
  /** The highest number heard for this key while listeners were held; null: none yet. */
  last: number | null;
}

export interface PgNotifierOptions {
  /** Connections of the pool that sends NOTIFY and reads the catch-up (the listening connection is one more). */
  sendConnections?: number;
  /** Told when the listening connection is listening (again) and has caught up; for tests and logs. */
  onListening?: (reconnect: boolean) => void;
}

export class PgNotifier implements ChangeNotifier {
  /** Tells this process's NOTIFYs from the others'. */
  readonly origin = randomBytes(9).toString('base64url');
  private readonly articles = new Map<number, Channel<number>>();
  private readonly people = new Map<string, Channel<number>>();
  private readonly sql: postgres.Sql;
  private everListened = false;
  private closed = false;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private started: Promise<void> | null = null;
  private presence: Parameters<PresenceBus['listen']>[0] | null = null;
  /** Presence messages go out one after the other, so a tab's arrival is never heard after its departure. */
  private presenceQueue: Promise<unknown> = Promise.resolve();

  constructor(
    url: string,
    private readonly options: PgNotifierOptions = {},
  ) {
    this.sql = postgres(url, {
      max: options.sendConnections ?? 2,
      idle_timeout: 30,
      onnotice: () => {},
      // Names the listening connection too, so an administrator (and the tests) can find it in pg_stat_activity.
      connection: { application_name: `factcheck-notifier-${this.origin}` },
    });
  }

  /** Listens (resolves once the first LISTEN is answered; if it cannot be, rejects and keeps trying in the background); idempotent. */
  start(): Promise<void> {
    this.started ??= this.listenNow().catch((error: unknown) => {
      this.retry();
      throw error;
    });
    return this.started;
  }

  publish(articleId: number, seq: number): void {
    this.emitArticle(articleId, seq);
    this.notify(encode({ kind: 'a', articleId, seq, origin: this.origin }));
  }

  subscribe(articleId: number, listener: SeqListener): () => void {
    return add(this.articles, articleId, listener);
  }

  publishPerson(userId: string, notificationId: number): void {
    this.emitPerson(userId, notificationId);
    this.notify(encode({ kind: 'p', userId, id: notificationId, origin: this.origin }));
  }

  subscribePerson(userId: string, listener: PersonListener): () => void {
    return add(this.people, userId, listener);
  }

  /** Presence messages between the processes, on this notifier's channel and listening connection. */
  presenceBus(): PresenceBus {
    return {
      send: (text) => {
        const payload = `s:${this.origin}:${text}`;
        this.presenceQueue = this.presenceQueue
          .then(() => (this.closed ? undefined : this.sql.notify(CHANNEL, payload)))
          .catch((error: unknown) => {
            // The others keep what they last heard until it expires, and hear it all again at the next renewal.
            console.error('Could not send presence to the other app processes', error);
          });
      },
      listen: (handler) => {
        this.presence = handler;
        if (this.everListened) handler.listening();
        return () => {
          if (this.presence === handler) this.presence = null;
        };
      },
    };
  }

  /** Resolves once every presence message asked for so far has been sent (tests). */
  async presenceSent(): Promise<void> {
    await this.presenceQueue;
  }

  /** The backend process id of the listening connection (tests end it with pg_terminate_backend), or null. */
  async listenerPid(): Promise<number | null> {
    const rows = await this.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where application_name = ${`factcheck-notifier-${this.origin}`} and query ilike 'listen %'`;
    return rows[0]?.pid ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.sql.end({ timeout: 1 });
  }

  private notify(payload: string): void {
    this.sql.notify(CHANNEL, payload).catch((error: unknown) => {
      // Committed already: the other processes' streams find the change on their next recheck.
      console.error('Could not send a change notification to the other app processes', error);
    });
  }

  private heard(text: string): void {
    const presence = /^s:([\w-]{1,40}):/.exec(text);
    if (presence) {
      if (presence[1] !== this.origin) this.presence?.message(presence[1], text.slice(presence[0].length));
      return;
    }
    const payload = decode(text);
    if (!payload || payload.origin === this.origin) return;
    if (payload.kind === 'a') this.emitArticle(payload.articleId, payload.seq);
    else this.emitPerson(payload.userId, payload.id);
  }

  private emitArticle(articleId: number, seq: number): void {
    emit(this.articles.get(articleId), seq);
  }

  private emitPerson(userId: string, id: number): void {
    emit(this.people.get(userId), id);
  }

  private async listenNow(): Promise<void> {
    await this.sql.listen(
      CHANNEL,
      (payload) => this.heard(payload),
      () => this.listening(),
    );
    this.retryMs = RETRY_FIRST_MS;
  }

  /** Called by postgres-js on the first LISTEN and after every reconnect. */
  private listening(): void {
    const reconnect = this.everListened;
    this.everListened = true;
    this.presence?.listening();
    // Listeners held before this LISTEN (a reconnect, or a first LISTEN that had to be retried) may have missed changes.
    this.catchUp().then(
      () => this.options.onListening?.(reconnect),
      (error: unknown) => console.error('Could not read what changed while change notifications were paused', error),
    );
  }

  /** The first LISTEN failed (postgres-js retries only a LISTEN that once worked): try again with back-off. */
  private retry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      this.listenNow().catch((error: unknown) => {
        if (this.closed) return;
        console.error(`Change notifications from other app processes paused; listening again in ${this.retryMs} ms`, error);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        this.retry();
      });
    }, this.retryMs);
    this.retryTimer.unref?.();
  }

  /** What moved while the connection was deaf: the articles and people with listeners here, read from their rows. */
  private async catchUp(): Promise<void> {
    const articleIds = [...this.articles.keys()];
    const userIds = [...this.people.keys()];
    if (articleIds.length > 0) {
      const rows = await this.sql<{ id: number; seq: number }[]>`
        select id, change_seq as seq from articles where id in ${this.sql(articleIds)}`;
      for (const row of rows) {
        const known = this.articles.get(Number(row.id))?.last;
        if (known == null || Number(row.seq) > known) this.emitArticle(Number(row.id), Number(row.seq));
      }
    }
    if (userIds.length > 0) {
      const rows = await this.sql<{ userId: string; id: number }[]>`
        select user_id as "userId", max(id) as id from notifications where user_id in ${this.sql(userIds)} group by user_id`;
      for (const row of rows) {
        const known = this.people.get(row.userId)?.last;
        if (known == null || Number(row.id) > known) this.emitPerson(row.userId, Number(row.id));
      }
    }
  }
}

function emit(channel: Channel<number> | undefined, value: number): void {
  if (!channel) return;
  if (channel.last === null || value > channel.last) channel.last = value;
  for (const listener of [...channel.listeners]) {
    try {
      listener(value);
    } catch (error) {
      console.error('A change listener failed', error);
    }
  }
}

function add<K>(channels: Map<K, Channel<number>>, key: K, listener: (value: number) => void): () => void {
  let channel = channels.get(key);
  if (!channel) {
    channel = { listeners: new Set(), last: null };
    channels.set(key, channel);
  }
  channel.listeners.add(listener);
  return () => {
    const current = channels.get(key);
    if (!current) return;
    current.listeners.delete(listener);
    if (current.listeners.size === 0) channels.delete(key);
  };
}

// On globalThis, as the in-process notifier is: Next's separate route bundles share the process's one listening connection.
const globalForPg = globalThis as unknown as { factcheckPgNotifier?: PgNotifier };

/**
 * Makes the process's notifier the PostgreSQL one for `url` (once) and waits for its first LISTEN. A database that
 * answers queries but not LISTEN yet is not a reason to refuse pages: it is logged and retried in the background.
 */
export async function listenAcrossProcesses(url: string): Promise<PgNotifier> {
  let notifier = globalForPg.factcheckPgNotifier;
  if (!notifier) {
    notifier = new PgNotifier(url);
    globalForPg.factcheckPgNotifier = notifier;
    setNotifier(notifier);
    // Who has an article open, across the processes: attached before the first LISTEN, so it asks for the others' tabs then.
    const presence = getPresence();
    if (isShareable(presence)) new PresenceSync(presence, notifier.presenceBus()).start();
  }
  await notifier.start().catch((error: unknown) => {
    console.error('Could not listen for changes made by other app processes yet; trying again', error);
  });
  return notifier;
}
