// What the article's live streams read when a change wakes them, read once for
// all of them. A commit rings every open stream of the article at once, and
// each used to read on its own: the cursor, the changed annotations with their
// evidence and the events (a read transaction, which on SQLite queues on the
// writer connection's lock behind the writes) and the person's access. With 200
// streams that was 200 queued read transactions per change, and the last
// stream heard of it seconds after the first (issue 16's fan-out figure).
//
// Streams at the same cursor, on the same revision, ask the same question and
// get the same answer: the first asks the database, the others share its
// promise (and the message object it resolves to). Nothing in the answer
// depends on who asks (the changes route gives every signed-in reader the same
// rows); what does, the person's access and notifications, is keyed by the
// person or stays with their stream.
//
// Each question names the newest change the asking stream has heard of (the
// sequence number the notifier rang it with, or the cursor it opened at): an
// answer read after that change was published is an answer that includes it,
// so a stream never takes an answer older than what woke it, and no listener
// of its own is needed to drop answers a commit made stale. An answer is kept
// ANSWER_TTL_MS after it arrived, for the streams that are still waking.
import 'server-only';
import type { Db } from '@/db/client';
import { liveChanges, liveCursor, stillOnTheDesk, type LiveChanges } from './live';

/** What a woken stream learns: the article is gone (it closes), nothing is new after its cursor, or these changes. */
export type ChangesAnswer = { kind: 'deleted' } | { kind: 'unchanged'; cursor: number } | { kind: 'changes'; changes: LiveChanges };

/** What a woken stream asks; `heard` is the newest change it has heard of. */
export interface LiveQuestion {
  articleId: number;
  heard: number;
}

export interface LiveReads {
  /** What changed after `since` for a page showing `revision`. */
  changesAfter(db: Db, q: LiveQuestion, since: number, revision: number | undefined): Promise<ChangesAnswer>;
  /** Whether the person may still read: access removal publishes nothing, so it is read again after each change heard. */
  onDesk(db: Db, q: LiveQuestion, userId: string): Promise<boolean>;
}

async function readChanges(db: Db, articleId: number, since: number, revision: number | undefined): Promise<ChangesAnswer> {
  const cursor = await liveCursor(db, articleId);
  if (cursor === null) return { kind: 'deleted' };
  if (cursor <= since) return { kind: 'unchanged', cursor };
  return { kind: 'changes', changes: await liveChanges(db, articleId, since, revision) };
}

/** Each stream reads for itself: what the streams did before, kept as the benchmark's baseline. */
export class PerStreamReads implements LiveReads {
  changesAfter(db: Db, q: LiveQuestion, since: number, revision: number | undefined): Promise<ChangesAnswer> {
    return readChanges(db, q.articleId, since, revision);
  }

  onDesk(db: Db, _q: LiveQuestion, userId: string): Promise<boolean> {
    return stillOnTheDesk(db, userId);
  }
}

/** How long a settled answer is kept for the streams still waking. */
export const ANSWER_TTL_MS = 1_000;

/** Streams that ask the same question, having heard of the same change, share one read. */
export class SharedLiveReads implements LiveReads {
  // Per database: one process may hold several (tests open a fresh one each, whose article ids and sequences repeat).
  private readonly answers = new WeakMap<Db, Map<string, Promise<unknown>>>();

  /** `source` answers the questions nobody has asked yet (the database; a test counts its calls). */
  constructor(
    private readonly source: LiveReads = new PerStreamReads(),
    private readonly keepMs = ANSWER_TTL_MS,
  ) {}

  changesAfter(db: Db, q: LiveQuestion, since: number, revision: number | undefined): Promise<ChangesAnswer> {
    return this.shared(db, `${q.articleId}:${q.heard}:changes:${since}:${revision ?? ''}`, () =>
      this.source.changesAfter(db, q, since, revision),
    );
  }

  onDesk(db: Db, q: LiveQuestion, userId: string): Promise<boolean> {
    return this.shared(db, `${q.articleId}:${q.heard}:desk:${userId}`, () => this.source.onDesk(db, q, userId));
  }

  private shared<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
    let answers = this.answers.get(db);
    if (!answers) {
      answers = new Map();
      this.answers.set(db, answers);
    }
    const kept = answers.get(key) as Promise<T> | undefined;
    if (kept !== undefined) return kept;
    const promise = read();
    answers.set(key, promise);
    const drop = () => {
      if (answers.get(key) === promise) answers.delete(key);
    };
    // A failed read is dropped at once (the next stream asks again).
    promise.then(() => setTimeout(drop, this.keepMs).unref?.(), drop);
    return promise;
  }
}

// On globalThis, like the notifier: Next's route bundles share one set of streams.
const globalForReads = globalThis as unknown as { factcheckLiveReads?: LiveReads };

export function getLiveReads(): LiveReads {
  globalForReads.factcheckLiveReads ??= new SharedLiveReads();
  return globalForReads.factcheckLiveReads;
}

/** Replaces the process's reads (the benchmark's per-stream baseline, a test's); returns the previous ones. */
export function setLiveReads(reads: LiveReads): LiveReads {
  const previous = getLiveReads();
  globalForReads.factcheckLiveReads = reads;
  return previous;
}
