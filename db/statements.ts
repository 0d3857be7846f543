// Prepared statements kept per connection, for the few hot paths that run
// many small statements per write (the search index). Drizzle prepares every
// query anew on each call; better-sqlite3 lets a statement be prepared once
// and run many times, which is what makes the index cheap enough to write in
// the same transaction as every change (see docs/search.md for the figures).
import 'server-only';
import type Database from 'better-sqlite3';
import type { DbOrTx } from './client';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The better-sqlite3 connection under a Drizzle handle or transaction (a transaction runs on its database's connection). */
function connectionOf(db: DbOrTx): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client;
}

/** `text` prepared once on this connection and reused: positional `?` parameters. */
export function statement(db: DbOrTx, text: string): Database.Statement {
  const connection = connectionOf(db);
  let statements = cache.get(connection);
  if (!statements) {
    statements = new Map();
    cache.set(connection, statements);
  }
  let prepared = statements.get(text);
  if (!prepared) {
    prepared = connection.prepare(text);
    statements.set(text, prepared);
  }
  return prepared;
}
