// Moving a desk from its SQLite file to an empty PostgreSQL database: every
// table's rows, in one transaction on the target, then checked (row counts,
// each article's change sequence, identity counters) before it commits.
//
// Driven by the target's own catalogue rather than the Drizzle schema: this
// process's schema is built for one dialect (db/dialect.ts), and the copy
// needs both. Both sides are first brought to the latest migration of their
// folder, so their tables and columns are the same (a column missing on the
// target is refused with a sentence); a column's PostgreSQL type says how to
// carry SQLite's value (0/1 to boolean, milliseconds to timestamptz, JSON text
// as written).
//
// Left out: the search index (search_docs and its word tables: rebuilt on the
// target afterwards, and on first search anyway), sign-in failure counters,
// better-auth's verification rows, and the sessions unless asked for (people
// then sign in again).
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/** Derived from the rest (rebuilt), or not worth carrying over. */
export const SKIPPED = new Set(['search_docs', 'search_fts', 'search_trigram', 'claim_fts', 'sign_in_failures', 'verification']);
/** app_meta keys that describe the old database's index, not the desk: the target builds its own. */
export const SKIPPED_META = new Set(['search_index_version']);

export class CopyRefused extends Error {}

export interface CopyOptions {
  from: string;
  to: string;
  sessions?: boolean;
  root?: string;
  log?: (line: string) => void;
}

export interface CopyReport {
  tables: { name: string; rows: number }[];
  articles: number;
}

export interface Column {
  name: string;
  type: string;
  identity: boolean;
  generated: boolean;
}

/** A PostgreSQL database's tables and their columns, from its catalogue. */
export async function pgTables(sql: postgres.Sql): Promise<Map<string, Column[]>> {
  const rows = await sql<{ table: string; column: string; type: string; identity: string; generated: string }[]>`
    select table_name as table, column_name as column, data_type as type, is_identity as identity, is_generated as generated
    from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`;
  const tables = new Map<string, Column[]>();
  for (const row of rows) {
    const list = tables.get(row.table) ?? [];
    list.push({ name: row.column, type: row.type, identity: row.identity === 'YES', generated: row.generated !== 'NEVER' });
    tables.set(row.table, list);
  }
  return tables;
}

/** Parents before children, by the target's foreign keys. */
export async function insertionOrder(sql: postgres.Sql, tables: string[]): Promise<string[]> {
  const edges = await sql<{ child: string; parent: string }[]>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`;
  const unquote = (name: string) => name.replace(/^"|"$/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of edges) {
    const c = unquote(child);
    const p = unquote(parent);
    if (c !== p && parents.has(c) && parents.has(p)) parents.get(c)?.add(p);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p)));
    if (ready.length === 0)
      throw new Error(`The target's foreign keys form a cycle among ${tables.filter((t) => !placed.has(t)).join(', ')}`);
    for (const t of ready) {
      order.push(t);
      placed.add(t);
    }
  }
  return order;
}

/** SQLite's value as PostgreSQL's column type takes it. */
function carry(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === true || value === '1';
  if (type.startsWith('timestamp') && typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value;
  return typeof value === 'number' ? String(value) : value;
}

const cast = (type: string) =>
  type === 'timestamp with time zone' ? 'timestamptz' : type === 'double precision' ? 'float8' : type === 'USER-DEFINED' ? 'text' : type;
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function copyDesk(options: CopyOptions): Promise<CopyReport> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? (() => {});
  const source = new Database(path.resolve(options.from), { fileMustExist: true });
  const sql = postgres(options.to, { max: 2, onnotice: () => {} });
  try {
    source.pragma('foreign_keys = ON');
    // The source as the app would open it: at its last migration, so its columns are the target's.
    migrateSqlite(drizzleSqlite(source), { migrationsFolder: path.join(root, 'db/migrations') });
    // As db/pg-driver.ts does at start: the lock held by one connection, the migrator on the other.
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('factcheck migrations'))`;
      await migratePg(drizzlePg(sql), { migrationsFolder: path.join(root, 'db/migrations-pg') });
    });

    const catalogue = await pgTables(sql);
    const sourceTables = new Set(
      (source.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name),
    );
    const skipped = new Set(SKIPPED);
    if (!options.sessions) skipped.add('session');
    const tables = [...catalogue.keys()].filter((t) => !skipped.has(t) && sourceTables.has(t));

    return await sql.begin(async (tx) => {
      // Nothing is written while anyone else could be: an app process started on the target meanwhile would seed it.
      await tx.unsafe(`lock table ${[...catalogue.keys()].map(quote).join(', ')} in exclusive mode`);
      const nonEmpty: string[] = [];
      for (const t of [...catalogue.keys()]) {
        const [{ n }] = await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${quote(t)}`);
        if (n > 0) nonEmpty.push(t);
      }
      if (nonEmpty.length > 0) {
        throw new CopyRefused(
          `The target database is not empty (${nonEmpty.join(', ')} ${nonEmpty.length === 1 ? 'holds' : 'hold'} rows): copy into a new, empty database, before any app process has been started on it.`,
        );
      }

      const report: CopyReport = { tables: [], articles: 0 };
      for (const table of await insertionOrder(tx as unknown as postgres.Sql, tables)) {
        const target = (catalogue.get(table) ?? []).filter((c) => !c.generated);
        const present = new Set(
          (source.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name),
        );
        const missing = [...present].filter((name) => !target.some((c) => c.name === name));
        if (missing.length > 0) {
          throw new CopyRefused(
            `The target's ${table} table has no ${missing.join(', ')} column: the two databases are at different versions of the app.`,
          );
        }
        const columns = target.filter((c) => present.has(c.name));
        const rows = source
          .prepare(`select ${columns.map((c) => quote(c.name)).join(', ')} from ${quote(table)}`)
          .raw()
          .all() as unknown[][];
        const kept =
          table === 'app_meta' ? rows.filter((r) => !SKIPPED_META.has(String(r[columns.findIndex((c) => c.name === 'key')]))) : rows;
        const perBatch = Math.max(1, Math.floor(30_000 / columns.length));
        const overriding = columns.some((c) => c.identity) ? ' overriding system value' : '';
        for (let start = 0; start < kept.length; start += perBatch) {
          const batch = kept.slice(start, start + perBatch);
          const params: unknown[] = [];
          const values = batch.map(
            (row) =>
              `(${columns
                .map((c, i) => {
                  params.push(carry(row[i], c.type));
                  return `$${params.length}::${cast(c.type)}`;
                })
                .join(', ')})`,
          );
          await tx.unsafe(
            `insert into ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')})${overriding} values ${values.join(', ')}`,
            params as postgres.ParameterOrJSON<never>[],
          );
        }
        // An identity column counts on from the highest id copied, or the next insert would collide.
        for (const c of columns.filter((col) => col.identity)) {
          await tx.unsafe(
            `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(c.name)}) from ${quote(table)}), 0) + 1, false)`,
            [quote(table), c.name],
          );
        }
        report.tables.push({ name: table, rows: kept.length });
        log(`${table}: ${kept.length}`);
      }
      await verify(source, tx as unknown as postgres.Sql, report);
      report.articles = report.tables.find((t) => t.name === 'articles')?.rows ?? 0;
      return report;
    });
  } finally {
    source.close();
    await sql.end({ timeout: 5 });
  }
}

/** Before the commit: the same rows in every table, and every article's change sequence where it was. */
async function verify(source: Database.Database, tx: postgres.Sql, report: CopyReport): Promise<void> {
  for (const { name, rows } of report.tables) {
    const [{ n }] = await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${quote(name)}`);
    if (Number(n) !== rows) throw new Error(`Copy check failed: ${name} has ${n} rows on the target, ${rows} were copied`);
  }
  const before = source.prepare('select id, change_seq as seq from articles order by id').all() as { id: number; seq: number }[];
  const after = await tx<{ id: string; seq: string }[]>`select id, change_seq as seq from articles order by id`;
  const moved = before.filter((row, i) => Number(after[i]?.id) !== row.id || Number(after[i]?.seq) !== row.seq);
  if (moved.length > 0 || after.length !== before.length) {
    throw new Error(`Copy check failed: the change sequence of article ${moved[0]?.id ?? '?'} differs on the target`);
  }
  // Each article's counter is its history's last number, on the target as on the source.
  const [gap] = await tx<{ id: string }[]>`
    select a.id from articles a left join (select article_id, max(seq) as top from events where seq is not null group by article_id) e
      on e.article_id = a.id
    where a.change_seq <> coalesce(e.top, a.change_seq) limit 1`;
  if (gap) throw new Error(`Copy check failed: article ${gap.id}'s change sequence is behind its history on the target`);
}
