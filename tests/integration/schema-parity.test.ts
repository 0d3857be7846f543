// The two migration folders (db/migrations for SQLite, db/migrations-pg for
// PostgreSQL) must build the same tables, columns and indexes: the schema is one
// description (db/schema.ts over db/columns.ts), but each folder is SQL of its
// own, and a hand-written migration could add to one and forget the other.
// Runs on the PostgreSQL pass, comparing its database with a fresh SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshCaller, ON_PG, sqlAll } from './helpers';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  if (ON_PG) ctx = await freshCaller({ people: false });
});
afterEach(() => {
  if (ON_PG) ctx.cleanup();
});

/** Tables SQLite keeps for FTS5's own use, which PostgreSQL's tsvector columns and GIN indexes replace. */
const FTS_SHADOW = /^(search_fts|search_trigram|claim_fts)_(data|idx|content|docsize|config)$|^claim_vocab$/;

const SEARCH_TABLES = new Set(['search_fts', 'search_trigram', 'claim_fts']);

function sqliteShape() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-parity-'));
  const sqlite = new Database(path.join(dir, 'parity.db'));
  try {
    migrate(drizzle(sqlite), { migrationsFolder: path.resolve(__dirname, '../../db/migrations') });
    const tables = (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
        .all() as {
        name: string;
      }[]
    )
      .map((t) => t.name)
      .filter((t) => !FTS_SHADOW.test(t));
    const columns = Object.fromEntries(
      tables.map((t) => [
        t,
        (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => c.name).sort(),
      ]),
    );
    const indexes = (
      sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
    ).map((i) => i.name);
    return { tables: tables.sort(), columns, indexes: indexes.sort() };
  } finally {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!ON_PG)('the SQLite and PostgreSQL migrations', () => {
  it('build the same tables, columns and indexes', async () => {
    const lite = sqliteShape();
    const tables = (
      await sqlAll<{ name: string }>(ctx.db, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")
    )
      .map((t) => t.name)
      .sort();
    expect(tables).toEqual(lite.tables);
    for (const table of tables) {
      const columns = await sqlAll<{ name: string }>(
        ctx.db,
        "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?",
        table,
      );
      // PostgreSQL's search tables name the key SQLite's FTS5 tables keep as rowid, and add their generated columns.
      const own = columns.map((c) => c.name).filter((c) => !(SEARCH_TABLES.has(table) && ['id', 'words', 'term_list'].includes(c)));
      expect({ table, columns: own.sort() }).toEqual({ table, columns: lite.columns[table] });
    }
    const indexes = (await sqlAll<{ name: string }>(ctx.db, "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'")).map(
      (i) => i.name,
    );
    // Every index SQLite has, PostgreSQL has under the same name (it adds its primary keys' and its search indexes).
    expect(lite.indexes.filter((i) => !indexes.includes(i))).toEqual([]);
  });
});
