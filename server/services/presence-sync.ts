// Presence across app processes on one PostgreSQL database: each process tells
// the others about its own tabs over the notifier's LISTEN/NOTIFY channel and
// keeps theirs, with expiry.
//
// - When a tab of this process arrives, leaves or changes what it edits, one
//   message says so ("set": article, person, tab, editing; "del").
// - Every RENEW_MS the process announces all its tabs again ("all"); the
//   others keep another process's tab for REMOTE_TTL_MS after it was last
//   announced. A process that dies (kill -9, a lost machine) stops renewing, so
//   its tabs are gone from every page within REMOTE_TTL_MS; so is a "del" that
//   was missed while a listener was deaf.
// - A process whose listening connection starts (or listens again after a loss)
//   asks the others for their tabs ("hello") and announces its own: it has the
//   full picture at once, not after the next renewal.
// Why NOTIFY and not a table: presence is short-lived and never history; a table
// would take a write per arrival, departure and renewal, plus a NOTIFY or a poll
// to learn of them anyway, and a sweep of rows left by a dead process. Over
// NOTIFY nothing is stored, and a process's death is simply the renewals stopping.
// Messages are validated (another version's or a stray payload is ignored); the
// names and roles in them were read from the sender's sessions, as a local tab's are.
import 'server-only';
import { z } from 'zod';
import { MAX_AUTHOR_LENGTH } from '../domain/limits';
import { ROLES } from '../domain/roles';
import type { LocalTab, ShareablePresence } from './presence';

/** Each process announces all its tabs this often. */
export const RENEW_MS = 10_000;
/** Another process's tab is dropped this long after it was last announced (three renewals missed). */
export const REMOTE_TTL_MS = 30_000;
/** Keeps each NOTIFY well under PostgreSQL's 8000-byte payload limit (with the origin prefix). */
const MAX_MESSAGE_BYTES = 6_000;

/** The channel between the processes: the PostgreSQL notifier gives one (PgNotifier.presenceBus). */
export interface PresenceBus {
  /** Sends to every other process, in the order sent. */
  send(text: string): void;
  /** Hears the other processes' messages (never this one's own); `listening` is called each time the listener (re)starts. */
  listen(handler: { message(origin: string, text: string): void; listening(): void }): () => void;
}

type Tuple = [articleId: number, userId: string, name: string, role: LocalTab['person']['role'], clientId: string, editing: string | null];

const tupleSchema = z.tuple([
  z.number().int().positive(),
  z.string().min(1).max(200),
  z.string().min(1).max(MAX_AUTHOR_LENGTH),
  z.enum(ROLES),
  z.string().regex(/^[A-Za-z0-9_-]{0,64}$/),
  z.uuid().nullable(),
]);

const messageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('set'), x: tupleSchema }),
  z.object({ t: z.literal('del'), a: z.number().int().positive(), u: z.string().min(1).max(200), c: z.string().max(64) }),
  z.object({ t: z.literal('all'), x: z.array(tupleSchema).max(500) }),
  z.object({ t: z.literal('hello') }),
]);

const toTuple = (tab: LocalTab): Tuple => [tab.articleId, tab.person.id, tab.person.name, tab.person.role, tab.clientId, tab.editing];
const fromTuple = ([articleId, id, name, role, clientId, editing]: Tuple): LocalTab => ({
  articleId,
  person: { id, name, role },
  clientId,
  editing,
});
const tabKey = (userId: string, clientId: string) => `${userId}\u0000${clientId}`;

export interface PresenceSyncOptions {
  renewMs?: number;
  remoteTtlMs?: number;
}

export class PresenceSync {
  /** What the others were last told of each article's tabs here: tab key → the tab as sent. */
  private readonly announced = new Map<number, Map<string, string>>();
  private readonly renewMs: number;
  private readonly remoteTtlMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly registry: ShareablePresence,
    private readonly bus: PresenceBus,
    options: PresenceSyncOptions = {},
  ) {
    this.renewMs = options.renewMs ?? RENEW_MS;
    this.remoteTtlMs = options.remoteTtlMs ?? REMOTE_TTL_MS;
  }

  start(): this {
    this.registry.onChange = (articleId) => this.announce(articleId);
    this.stopListening = this.bus.listen({
      message: (origin, text) => this.heard(origin, text),
      listening: () => {
        this.send({ t: 'hello' });
        this.sendAll();
      },
    });
    this.timer = setInterval(() => this.sendAll(), this.renewMs);
    this.timer.unref?.();
    return this;
  }

  /** Stops telling and hearing (the others drop this process's tabs when their renewals stop). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopListening?.();
    this.stopListening = null;
    if (this.registry.onChange) this.registry.onChange = null;
  }

  /** An article's tabs here changed (or another process's did, which changes nothing here): tells the difference. */
  private announce(articleId: number): void {
    const now = new Map(this.registry.localTabs(articleId).map((tab) => [tabKey(tab.person.id, tab.clientId), tab]));
    const before = this.announced.get(articleId) ?? new Map<string, string>();
    const after = new Map<string, string>();
    for (const [key, tab] of now) {
      const text = JSON.stringify(toTuple(tab));
      after.set(key, text);
      if (before.get(key) !== text) this.send({ t: 'set', x: toTuple(tab) });
    }
    for (const key of before.keys()) {
      if (now.has(key)) continue;
      const [userId, clientId] = key.split('\u0000');
      this.send({ t: 'del', a: articleId, u: userId, c: clientId });
    }
    if (after.size > 0) this.announced.set(articleId, after);
    else this.announced.delete(articleId);
  }

  /** Every tab here, in messages small enough for one NOTIFY each. */
  private sendAll(): void {
    let batch: Tuple[] = [];
    let bytes = 0;
    for (const tab of this.registry.localTabs()) {
      const tuple = toTuple(tab);
      const size = Buffer.byteLength(JSON.stringify(tuple)) + 1;
      if (batch.length > 0 && (bytes + size > MAX_MESSAGE_BYTES || batch.length >= 500)) {
        this.send({ t: 'all', x: batch });
        batch = [];
        bytes = 0;
      }
      batch.push(tuple);
      bytes += size;
    }
    if (batch.length > 0) this.send({ t: 'all', x: batch });
  }

  private send(message: z.input<typeof messageSchema>): void {
    this.bus.send(JSON.stringify(message));
  }

  private heard(origin: string, text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const result = messageSchema.safeParse(parsed);
    if (!result.success) return;
    const message = result.data;
    switch (message.t) {
      case 'set':
        this.registry.putRemote(origin, fromTuple(message.x as Tuple), this.remoteTtlMs);
        break;
      case 'all':
        for (const tuple of message.x) this.registry.putRemote(origin, fromTuple(tuple as Tuple), this.remoteTtlMs);
        break;
      case 'del':
        this.registry.dropRemote(origin, message.a, message.u, message.c);
        break;
      case 'hello':
        // A process started or listens again: it hears every tab here now, not at the next renewal.
        this.sendAll();
        break;
    }
  }
}
