// A second SQLite writer connection in a worker thread, for the transactions
// that write a whole long article (an import, a revision, a delete or restore).
//
// better-sqlite3 runs every statement on the calling thread. For a 2 MB
// article three statements alone held the thread that answers requests for
// 0.4–1 s on this 2-core machine: writing the 4.6 MB of body and plain text,
// tokenizing 2 MB into the full-text index (and, for a revision, tokenizing the
// old text again to delete it), and the COMMIT that writes it all to the WAL.
// Splitting them cannot work (one FTS5 row is one INSERT; the index is written
// in the same transaction as the article, so a search never disagrees with what
// was saved). Instead the whole transaction runs here: the request thread holds
// the write lock (db/write-lock.ts) as for any transaction, so its own writer
// connection stays idle and SQLite's single-writer rule is kept, and sends each
// statement here and awaits its rows. Other requests' reads go on meanwhile on
// the reader connection; other writes wait for the lock as they always did.
//
// The worker is plain JavaScript, evaluated (no file to find or bundle), and it
// loads better-sqlite3 from the working directory's node_modules, as the
// server finds its migrations there (db/client.ts).
import 'server-only';
import { Worker } from 'node:worker_threads';

type Method = 'run' | 'all' | 'values' | 'get';
type Rows = unknown;

interface Answer {
  id: number;
  rows?: Rows;
  error?: { message: string; name: string; code?: string };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
// The same settings as db/client.ts connect() (WAL is the file's own mode once set).
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
for (const setting of workerData.pragmas) db.pragma(setting);
const statements = new Map();
const asBuffer = (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
parentPort.on('message', ({ id, sql, params, method, objects }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 2000) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    const values = params.map(asBuffer);
    let rows = [];
    // As db/sqlite-driver.ts execute(): what is not a reader is run; a reader answers rows as arrays or objects.
    if (!statement.reader) statement.run(values);
    else {
      statement.raw(!objects);
      if (method === 'get') rows = statement.get(values);
      else if (method === 'run') statement.all(values);
      else rows = statement.all(values);
    }
    parentPort.postMessage({ id, rows });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), name: String(error && error.name), code: error && error.code } });
  }
});
`;

/** Blobs come back from a worker as Uint8Array: turned into the Buffers better-sqlite3 gives on this thread. */
function buffers(rows: Rows): Rows {
  const fix = (row: unknown) => {
    if (!row || typeof row !== 'object') return row;
    const values = row as Record<string, unknown>;
    for (const key of Object.keys(values)) {
      const v = values[key];
      if (v instanceof Uint8Array && !Buffer.isBuffer(v)) values[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
    return row;
  };
  return Array.isArray(rows) && rows.length > 0 && typeof rows[0] === 'object' ? rows.map(fix) : fix(rows);
}

export class SqliteThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (rows: Rows) => void; reject: (error: Error) => void }>();
  /** Settings given to the writer since the start (SqliteConnections.writerPragma), for this connection too. */
  private readonly pragmas: string[] = [];

  constructor(private readonly file: string) {}

  /** A setting for this connection, now if the thread runs, else when it starts. */
  async pragma(setting: string): Promise<void> {
    this.pragmas.push(setting);
    if (this.worker) await this.execute(`PRAGMA ${setting}`, [], 'run', false);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, pragmas: this.pragmas } });
    // Idle between long writes: it must not keep a process (a test run, a command) alive.
    worker.unref();
    worker.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      if (!waiter) return;
      this.waiting.delete(answer.id);
      if (answer.error) {
        // The database's own error as the request thread's connection would throw it: code kept (isOutOfDisk, triggers' messages).
        const error = Object.assign(new Error(answer.error.message), { name: answer.error.name, code: answer.error.code });
        waiter.reject(error);
      } else waiter.resolve(buffers(answer.rows));
    });
    const fail = (error: Error) => {
      // A thread that died took its connection, and with it any open transaction (SQLite rolls it back): the next use starts another.
      if (this.worker === worker) this.worker = null;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The database thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** One statement on the thread's connection; resolves with its rows as db/sqlite-driver.ts execute() gives them. */
  execute(sql: string, params: unknown[], method: Method, objects: boolean): Promise<Rows> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Rows>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Referenced while a statement is out, so that a script awaiting only this statement is not ended under it.
      worker.ref();
      worker.postMessage({ id, sql, params, method, objects });
    }).finally(() => {
      if (this.waiting.size === 0) worker.unref();
    });
  }

  close(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }
}
