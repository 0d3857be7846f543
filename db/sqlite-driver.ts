// SQLite behind an asynchronous Drizzle handle (drizzle-orm/sqlite-proxy), so
// that services are written once, with `await`, for SQLite and PostgreSQL.
//
// better-sqlite3 is synchronous and refuses a transaction callback that
// returns a promise. Two connections on the same WAL file:
// - the writer runs every transaction (BEGIN IMMEDIATE … COMMIT, through
//   withTx in server/services/transaction.ts) while holding a FIFO lock, so a
//   transaction that awaits between its statements never has another
//   request's statement slip into it;
// - the reader runs every read-only statement made outside a transaction; WAL
//   gives it the last committed state, never a transaction's half-done work.
// A single write made outside a transaction (better-auth's session rows, a
// counter) takes the lock for that one statement. Which connection a statement
// needs is better-sqlite3's own answer (`Statement.readonly`), not a guess from
// its text. docs/databases.md has the measurements behind this design.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { AsyncRemoteCallback } from 'drizzle-orm/sqlite-proxy';
import type { SqliteThread } from './sqlite-thread';
import { WriteLock } from './write-lock';

type Method = 'run' | 'all' | 'values' | 'get';
type Row = unknown[] | Record<string, unknown>;
/** What sqlite-proxy expects back: rows as arrays for its builders (it maps them to columns), objects for db/raw.ts. */
type Result = Awaited<ReturnType<AsyncRemoteCallback>>;

/** What a holder of the writer has: `active` turns false when it lets go, so a stray promise it left behind cannot use the writer. */
interface Holding {
  connections: SqliteConnections;
  active: boolean;
  /** Set when the holder's statements run on the writer thread's connection (db/sqlite-thread.ts), not this thread's. */
  thread?: SqliteThread;
}

// On globalThis: Next bundles routes separately, and a second copy of this module (with its own
// stores) would not see what the first one set, while every bundle shares the one database handle.
const stores = globalThis as unknown as {
  factcheckSqliteStores?: { holding: AsyncLocalStorage<Holding>; objectRows: AsyncLocalStorage<boolean> };
};
stores.factcheckSqliteStores ??= { holding: new AsyncLocalStorage<Holding>(), objectRows: new AsyncLocalStorage<boolean>() };
const holding = stores.factcheckSqliteStores.holding;
/** Set by db/raw.ts: the caller wants rows as objects (hand-written SQL), not the arrays Drizzle's builders map. */
export const objectRows = stores.factcheckSqliteStores.objectRows;

const CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;
const MAX_CACHED_STATEMENTS = 2000;

class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(private readonly connection: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Queries built with a variable number of parameters (IN lists) are many: start over rather than grow without end.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function execute(statement: Database.Statement, params: unknown[], method: Method, objects: boolean): Result {
  if (!statement.reader) {
    statement.run(params);
    return { rows: [] };
  }
  statement.raw(!objects);
  if (method === 'get') return { rows: statement.get(params) as Row as Result['rows'] };
  if (method === 'run') {
    statement.all(params);
    return { rows: [] };
  }
  return { rows: statement.all(params) as Row[] };
}

export class SqliteConnections {
  readonly lock = new WriteLock();
  private readonly writes: StatementCache;
  private readonly reads: StatementCache;

  /**
   * `reader` is the writer itself for an in-memory database (a second connection would be another database);
   * `thread`, when given, runs the transactions that ask for it off this thread (none for an in-memory database).
   */
  constructor(
    readonly writer: Database.Database,
    readonly reader: Database.Database,
    private readonly thread?: SqliteThread,
  ) {
    this.writes = new StatementCache(writer);
    this.reads = reader === writer ? this.writes : new StatementCache(reader);
  }

  /**
   * A setting (`max_page_count = N`) for every connection that writes: this thread's writer and the writer thread's.
   * Tests simulate a full disk with it; a setting put on `writer` alone would miss whole-article transactions.
   */
  async writerPragma(setting: string): Promise<void> {
    this.writer.pragma(setting);
    await this.thread?.pragma(setting);
  }

  /** Whether the calling async context holds the writer (inside withTx). */
  holds(): boolean {
    const held = holding.getStore();
    return held?.connections === this && held.active;
  }

  /**
   * Runs `fn` holding the writer: every statement `fn` makes (and awaits) runs on it, nobody else's. With
   * `offThread` (and a file database) they run on the writer thread's connection instead, while this thread's
   * writer stays idle under the same lock: for transactions whose statements alone are long (a whole article).
   */
  async exclusive<T>(fn: () => Promise<T>, options: { offThread?: boolean } = {}): Promise<T> {
    return this.lock.hold(async () => {
      const held: Holding = { connections: this, active: true, thread: options.offThread ? this.thread : undefined };
      try {
        return await holding.run(held, fn);
      } finally {
        held.active = false;
      }
    });
  }

  /** The sqlite-proxy callback: every statement Drizzle sends comes through here. */
  readonly query: AsyncRemoteCallback = async (sql, params, method) => {
    const objects = objectRows.getStore() === true;
    if (this.holds()) {
      const thread = holding.getStore()?.thread;
      if (thread) return { rows: (await thread.execute(sql, params, method, objects)) as Result['rows'] };
      return execute(this.writes.get(sql), params, method, objects);
    }
    if (CONTROL.test(sql)) throw new Error('Transactions go through withTx (server/services/transaction.ts), never db.transaction');
    const read = this.reads.get(sql);
    if (read.readonly && this.reader !== this.writer) return execute(read, params, method, objects);
    // A write outside a transaction (or any statement on an in-memory database): one statement under the lock.
    return this.lock.hold(async () => execute(this.writes.get(sql), params, method, objects));
  };

  close(): void {
    this.thread?.close();
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
  }
}
