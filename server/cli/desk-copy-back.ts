// The reverse of ./desk-copy.ts: a desk on PostgreSQL copied into a new (or
// empty) SQLite file, as a backup that the app opens with no server, or to
// move a desk back onto one machine. The same tables and the same checks, in
// one transaction on the target, and the same refusal of a target that holds
// rows.
//
// The source is read in one snapshot (repeatable read, read only), so a desk
// that keeps working during the copy is copied as it was at one instant. The
// target is written in one SQLite transaction (BEGIN IMMEDIATE … COMMIT on a
// connection of this command's own; the awaits between its statements are the
// source's reads, and nothing else uses that connection). Values are carried
// by the source column's PostgreSQL type: boolean → 0/1, timestamptz →
// milliseconds, bigint → a number, JSON as its stored text;
// tests/integration/db-copy.test.ts checks that a desk comes back from
// SQLite → PostgreSQL → SQLite value for value. Each AUTOINCREMENT
// counter (sqlite_sequence) is set to the source's identity counter, so an id
// used and then deleted on PostgreSQL is not handed out again.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import {
  type Column,
  CopyRefused,
  type CopyOptions,
  type CopyReport,
  insertionOrder,
  pgTables,
  quote,
  SKIPPED,
  SKIPPED_META,
} from './desk-copy';

/**
 * How the source column is selected: JSON as its text (postgres-js would parse it), a timestamp as its
 * milliseconds (the driver's reading of it depends on its type parsers: text, in a query made with `unsafe`),
 * the rest as the driver reads it.
 */
function selectColumn(c: Column): string {
  if (c.type === 'json' || c.type === 'jsonb') return `${quote(c.name)}::text`;
  if (c.type.startsWith('timestamp')) return `(extract(epoch from ${quote(c.name)}) * 1000)::int8`;
  return quote(c.name);
}

/** PostgreSQL's value as SQLite stores it (what the SQLite columns of db/columns.ts read back). */
function carryBack(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  // postgres-js reads bigint as a string, so that nothing is lost past 2^53; SQLite takes a BigInt for those.
  if ((type === 'bigint' || type.startsWith('timestamp')) && typeof value === 'string') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value);
  }
  return value;
}

function sqliteColumns(target: Database.Database, table: string): Set<string> {
  return new Set((target.prepare('select name from pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name));
}

/** Tables declared AUTOINCREMENT: their counter lives in sqlite_sequence. */
function autoincrementTables(target: Database.Database): Set<string> {
  const rows = target.prepare("select name from sqlite_master where type = 'table' and sql like '%AUTOINCREMENT%'").all() as {
    name: string;
  }[];
  return new Set(rows.map((r) => r.name));
}

export async function copyDeskToSqlite(options: CopyOptions): Promise<CopyReport> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? (() => {});
  const file = path.resolve(options.to);
  const created = !fs.existsSync(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const target = new Database(file);
  const sql = postgres(options.from, { max: 2, onnotice: () => {} });
  let committed = false;
  try {
    target.pragma('journal_mode = WAL');
    target.pragma('foreign_keys = ON');
    target.pragma('busy_timeout = 5000');
    migrateSqlite(drizzleSqlite(target), { migrationsFolder: path.join(root, 'db/migrations') });
    // The source as the app would open it: at its last migration (under the app's lock), so its columns are the target's.
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('factcheck migrations'))`;
      await migratePg(drizzlePg(sql), { migrationsFolder: path.join(root, 'db/migrations-pg') });
    });
    const catalogue = await pgTables(sql);
    const targetTables = new Set(
      (target.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name),
    );
    const skipped = new Set(SKIPPED);
    if (!options.sessions) skipped.add('session');
    const tables = [...catalogue.keys()].filter((t) => !skipped.has(t));
    const autoincrement = autoincrementTables(target);

    return await sql.begin('isolation level repeatable read read only', async (tx) => {
      const source = tx as unknown as postgres.Sql;
      // The write lock on the file from the start: another process (an app started on it) waits, or fails, rather than seeding it meanwhile.
      target.exec('BEGIN IMMEDIATE');
      try {
        const nonEmpty = [...catalogue.keys()]
          .filter((t) => targetTables.has(t))
          .filter((t) => (target.prepare(`select count(*) as n from ${quote(t)}`).get() as { n: number }).n > 0);
        if (nonEmpty.length > 0) {
          throw new CopyRefused(
            `The target file is not empty (${nonEmpty.join(', ')} ${nonEmpty.length === 1 ? 'holds' : 'hold'} rows): copy into a new file, before any app process has been started on it.`,
          );
        }
        const report: CopyReport = { tables: [], articles: 0 };
        for (const table of await insertionOrder(source, tables)) {
          const columns = (catalogue.get(table) ?? []).filter((c) => !c.generated);
          const [{ n: count }] = await source.unsafe<{ n: number }[]>(`select count(*)::int as n from ${quote(table)}`);
          if (!targetTables.has(table)) {
            if (count === 0) continue;
            throw new CopyRefused(`The target has no ${table} table: the two databases are at different versions of the app.`);
          }
          const present = sqliteColumns(target, table);
          const missing = columns.filter((c) => !present.has(c.name)).map((c) => c.name);
          if (missing.length > 0) {
            throw new CopyRefused(
              `The target's ${table} table has no ${missing.join(', ')} column: the two databases are at different versions of the app.`,
            );
          }
          const rows = await source.unsafe(`select ${columns.map(selectColumn).join(', ')} from ${quote(table)}`).values();
          const keyAt = columns.findIndex((c) => c.name === 'key');
          const kept = table === 'app_meta' ? rows.filter((r) => !SKIPPED_META.has(String(r[keyAt]))) : rows;
          const insert = target.prepare(
            `insert into ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
          );
          for (const row of kept) insert.run(columns.map((c, i) => carryBack(row[i], c.type)));
          // The counter goes where the source's is, or at least past the copied ids: an id is never handed out twice.
          const identity = columns.find((c) => c.identity);
          if (identity && autoincrement.has(table)) {
            const [{ last }] = await source.unsafe<{ last: string | null }[]>(
              `select greatest(pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass), (select max(${quote(identity.name)}) from ${quote(table)}))::text as last`,
              [quote(table), identity.name],
            );
            if (last !== null) {
              const seq = Number(last);
              if (target.prepare('update sqlite_sequence set seq = ? where name = ?').run(seq, table).changes === 0)
                target.prepare('insert into sqlite_sequence (name, seq) values (?, ?)').run(table, seq);
            }
          }
          report.tables.push({ name: table, rows: kept.length });
          log(`${table}: ${kept.length}`);
        }
        await verifyBack(source, target, report, autoincrement);
        report.articles = report.tables.find((t) => t.name === 'articles')?.rows ?? 0;
        target.exec('COMMIT');
        committed = true;
        return report;
      } finally {
        if (target.inTransaction) target.exec('ROLLBACK');
      }
    });
  } finally {
    target.close();
    await sql.end({ timeout: 5 });
    // A file this command made and did not fill is removed, so that trying again finds nothing in the way.
    if (created && !committed) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

/** Before the commit: the same rows in every table, every article's change sequence where it was, the counters past the ids. */
async function verifyBack(source: postgres.Sql, target: Database.Database, report: CopyReport, autoincrement: Set<string>): Promise<void> {
  for (const { name, rows } of report.tables) {
    const { n } = target.prepare(`select count(*) as n from ${quote(name)}`).get() as { n: number };
    if (n !== rows) throw new Error(`Copy check failed: ${name} has ${n} rows on the target, ${rows} were copied`);
    if (autoincrement.has(name)) {
      const { top, seq } = target
        .prepare(`select (select max(rowid) from ${quote(name)}) as top, (select seq from sqlite_sequence where name = ?) as seq`)
        .get(name) as { top: number | null; seq: number | null };
      if (top !== null && (seq === null || seq < top))
        throw new Error(`Copy check failed: ${name}'s counter on the target (${seq}) is behind its highest id (${top})`);
    }
  }
  const before = await source<{ id: string; seq: string }[]>`select id, change_seq as seq from articles order by id`;
  const after = target.prepare('select id, change_seq as seq from articles order by id').all() as { id: number; seq: number }[];
  const moved = before.filter((row, i) => after[i]?.id !== Number(row.id) || after[i]?.seq !== Number(row.seq));
  if (moved.length > 0 || after.length !== before.length) {
    throw new Error(`Copy check failed: the change sequence of article ${moved[0]?.id ?? '?'} differs on the target`);
  }
  const gap = target
    .prepare(
      `select a.id from articles a left join (select article_id, max(seq) as top from events where seq is not null group by article_id) e
         on e.article_id = a.id
       where a.change_seq <> coalesce(e.top, a.change_seq) limit 1`,
    )
    .get() as { id: number } | undefined;
  if (gap) throw new Error(`Copy check failed: article ${gap.id}'s change sequence is behind its history on the target`);
}
