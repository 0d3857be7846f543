// The one transaction helper: every multi-row change runs in `inTransaction`,
// so the driver behind it changes in one place, and whatever the transaction
// recorded ("article N reached sequence S", "person P has a notification") is
// published through the ChangeNotifier after it commits, never before and never
// after a rollback. A listener woken before the commit would read nothing new
// and sleep through the change; one woken after a rollback only reads again.
//
// better-sqlite3 runs a transaction synchronously and refuses a callback that
// returns a promise, so the callback is synchronous and what it collects is kept
// in an AsyncLocalStorage (which also serves the async writer connection that a
// PostgreSQL driver will need).
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Tx } from '@/db/client';
import { getNotifier } from './notifier';

interface Pending {
  /** Article id → the highest sequence this transaction gave it. */
  articles: Map<number, number>;
  /** Person id → the newest notification this transaction wrote for them. */
  people: Map<string, number>;
}

const pendingStore = new AsyncLocalStorage<Pending>();

const newPending = (): Pending => ({ articles: new Map(), people: new Map() });

function keepHighest<K>(map: Map<K, number>, key: K, value: number): void {
  const known = map.get(key);
  if (known === undefined || value > known) map.set(key, value);
}

function publish(pending: Pending): void {
  const notifier = getNotifier();
  for (const [articleId, seq] of pending.articles) {
    try {
      notifier.publish(articleId, seq);
    } catch (error) {
      // The change is committed; a notifier that fails only delays the readers until their next read.
      console.error(`Could not publish change ${seq} of article ${articleId}`, error);
    }
  }
  for (const [userId, notificationId] of pending.people) {
    try {
      notifier.publishPerson(userId, notificationId);
    } catch (error) {
      console.error(`Could not publish notification ${notificationId}`, error);
    }
  }
}

export type TransactionBehavior = 'deferred' | 'immediate' | 'exclusive';

/**
 * Runs `fn` in one transaction and returns what it returns. Writes start
 * `immediate` (the write lock is taken at BEGIN, so two connections queue behind
 * busy_timeout instead of one failing when it upgrades a read snapshot). Called
 * inside another `inTransaction` on the same connection it becomes a savepoint,
 * and what it recorded is published when the outermost transaction commits.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => T, options: { behavior?: TransactionBehavior } = {}): T {
  const outer = pendingStore.getStore();
  const nested = outer !== undefined && db.$client.inTransaction;
  const pending = newPending();
  const result = pendingStore.run(pending, () => db.transaction(fn, { behavior: options.behavior ?? 'immediate' }));
  // Only reached when the transaction (or savepoint) committed: a throw skips all of this.
  if (nested) {
    for (const [articleId, seq] of pending.articles) keepHighest(outer.articles, articleId, seq);
    for (const [userId, id] of pending.people) keepHighest(outer.people, userId, id);
  } else {
    publish(pending);
  }
  return result;
}

/** A consistent snapshot for reads made of several statements (deferred: takes no write lock). */
export function inReadTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  return inTransaction(db, fn, { behavior: 'deferred' });
}

/**
 * Outside `inTransaction` (a write made straight on the connection, which
 * commits at once, or code not moved to the helper yet) the news goes out on the
 * next turn of the event loop, after the synchronous statement or transaction
 * has ended. After a rollback that is a spurious wake-up, which costs one read.
 */
function later(publishOne: (p: Pending) => void): void {
  const pending = newPending();
  publishOne(pending);
  setImmediate(() => publish(pending));
}

/** recordEvent's part: this transaction brought the article to `seq`. */
export function noteChange(articleId: number, seq: number): void {
  const pending = pendingStore.getStore();
  if (pending) keepHighest(pending.articles, articleId, seq);
  else later((p) => p.articles.set(articleId, seq));
}

/** The notifications service's part: this transaction wrote notification `id` for the person. */
export function notePersonNotification(userId: string, notificationId: number): void {
  const pending = pendingStore.getStore();
  if (pending) keepHighest(pending.people, userId, notificationId);
  else later((p) => p.people.set(userId, notificationId));
}
