// The one transaction helper: every multi-row change runs in `withTx`,
// so the driver behind it changes in one place, and whatever the transaction
// recorded ("article N reached sequence S", "person P has a notification") is
// published through the ChangeNotifier after it commits, never before and never
// after a rollback. A listener woken before the commit would read nothing new
// and sleep through the change; one woken after a rollback only reads again.
//
// The callback is asynchronous and awaits its queries; what it collects is
// kept in an AsyncLocalStorage. How SQLite keeps such a transaction on one
// connection while nothing else runs on it: db/sqlite-driver.ts. On PostgreSQL
// the pool gives the transaction its own connection (postgres-js `sql.begin`,
// a nested one a savepoint), and a serialization failure or deadlock runs the
// whole callback again (RETRY_LIMIT times at most).
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import type { Db, Tx } from '@/db/client';
import { getNotifier } from './notifier';

interface Pending {
  /** Article id → the highest sequence this transaction gave it. */
  articles: Map<number, number>;
  /** Person id → the newest notification this transaction wrote for them. */
  people: Map<string, number>;
}

// On globalThis, like the notifier: Next's separate route bundles share one database handle and must share these too.
const stores = globalThis as unknown as { factcheckTxStores?: { pending: AsyncLocalStorage<Pending>; tx: AsyncLocalStorage<Tx> } };
stores.factcheckTxStores ??= { pending: new AsyncLocalStorage<Pending>(), tx: new AsyncLocalStorage<Tx>() };
const pendingStore = stores.factcheckTxStores.pending;

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

/** The transaction the calling async context is inside, if any: a nested withTx becomes a savepoint on it. */
const currentTx = stores.factcheckTxStores.tx;

/**
 * Runs `fn` in one transaction and resolves to what it returns; `fn` awaits
 * every query on the `tx` it is given. On SQLite the transaction holds the
 * writer connection (db/sqlite-driver.ts) from BEGIN to COMMIT, so `fn` must
 * stay short and free of network I/O: every other write in the process waits
 * behind it. Writes start `immediate` (the write lock is taken at BEGIN, so
 * another process's writer queues behind busy_timeout instead of one failing
 * when it upgrades a read snapshot). Called inside another withTx it becomes a
 * savepoint, and what it recorded is published when the outermost commits.
 */
export async function withTx<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  options: {
    behavior?: TransactionBehavior;
    /**
     * SQLite: run the transaction's statements on the writer thread (db/sqlite-thread.ts), for transactions that
     * write a whole long article, whose statements alone would hold this thread for most of a second. Ignored on
     * PostgreSQL (its statements never run on this thread) and inside another transaction (it decides).
     */
    offThread?: boolean;
  } = {},
): Promise<T> {
  if (db.$dialect === 'pg' && !(currentTx.getStore() && pendingStore.getStore())) return withPgTx(db, fn, options.behavior === 'deferred');
  const outerTx = currentTx.getStore();
  const outer = pendingStore.getStore();
  if (outerTx && outer) {
    const pending = newPending();
    const result = await pendingStore.run(pending, () => outerTx.transaction((tx) => currentTx.run(tx, () => fn(tx))));
    // Only reached when the savepoint was released: a throw skips this.
    for (const [articleId, seq] of pending.articles) keepHighest(outer.articles, articleId, seq);
    for (const [userId, id] of pending.people) keepHighest(outer.people, userId, id);
    return result;
  }
  const pending = newPending();
  const result = await db.$connections
    .exclusive(
      () =>
        pendingStore.run(pending, () =>
          db.transaction((tx) => currentTx.run(tx, () => fn(tx)), { behavior: options.behavior ?? 'immediate' }),
        ),
      { offThread: options.offThread },
    )
    .catch((error: unknown) => {
      // Drizzle's asynchronous drivers wrap the database's error (a trigger's message, SQLITE_FULL) in
      // "Failed query: <sql>"; what failed is the database's error, and isOutOfDisk looks for its code either way.
      throw error instanceof DrizzleQueryError && error.cause ? error.cause : error;
    });
  // Only reached when the transaction committed: a throw skips this.
  publish(pending);
  return result;
}

/**
 * For transactions that write (or take out of the search index) a whole article's text: on SQLite their statements
 * run on the writer thread (db/sqlite-thread.ts), since writing 2 MB, its full-text index and the commit held the
 * thread that answers everyone for most of a second ([Long articles](docs/long-articles.md)).
 */
export const WHOLE_ARTICLE = { offThread: true } as const;

const RETRY_LIMIT = 5;
const RETRYABLE = new Set(['40001', '40P01']);

/** The outermost transaction on PostgreSQL: the same pending notes and post-commit publish as SQLite's. */
async function withPgTx<T>(db: Db, fn: (tx: Tx) => Promise<T>, readOnly: boolean): Promise<T> {
  type PgTransaction = (
    run: (tx: Tx) => Promise<T>,
    config?: { isolationLevel?: 'repeatable read'; accessMode?: 'read only' },
  ) => Promise<T>;
  const transaction = db.transaction as unknown as PgTransaction;
  for (let attempt = 1; ; attempt++) {
    const pending = newPending();
    try {
      const result = await pendingStore.run(pending, () =>
        transaction.call(
          db,
          (tx) => currentTx.run(tx, () => fn(tx)),
          // A read snapshot: every statement sees the same commit, as SQLite's deferred read transaction does.
          readOnly ? { isolationLevel: 'repeatable read', accessMode: 'read only' } : undefined,
        ),
      );
      publish(pending);
      return result;
    } catch (error) {
      const cause = error instanceof DrizzleQueryError && error.cause ? error.cause : error;
      const code = (cause as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && RETRYABLE.has(code) && attempt < RETRY_LIMIT) continue;
      throw cause;
    }
  }
}

/** A consistent snapshot for reads made of several statements (deferred: takes no write lock in the file). */
export function withReadTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTx(db, fn, { behavior: 'deferred' });
}

/**
 * Outside `withTx` (a write made straight on the connection, which
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
