// `npm run db:copy -- --from <sqlite file> --to postgres://…` (add `--sessions`
// to keep people signed in): moves a desk into an empty PostgreSQL database in
// one transaction, checks it, then rebuilds the search index there
// (docs/postgresql.md, "Moving a desk"). The other way round,
// `--from postgres://… --to <new sqlite file>`, copies a desk on PostgreSQL
// into a SQLite file (a backup the app opens without a server) the same way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CopyRefused, copyDesk } from './desk-copy';
import { copyDeskToSqlite } from './desk-copy-back';

const USAGE = [
  'Usage: npm run db:copy -- --from <sqlite file> --to postgres://user@host:5432/database [--sessions]',
  '       npm run db:copy -- --from postgres://user@host:5432/database --to <new sqlite file> [--sessions]',
].join('\n');
const isPg = (url: string) => /^postgres(ql)?:\/\//i.test(url);

async function main(): Promise<number> {
  let values: { from?: string; to?: string; sessions?: boolean };
  try {
    ({ values } = parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' }, sessions: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.from || !values.to) {
    console.error(USAGE);
    return 2;
  }
  const back = isPg(values.from);
  if (back === isPg(values.to)) {
    console.error(`One side is a SQLite file and the other a postgres:// URL.\n${USAGE}`);
    return 2;
  }
  if (!back && !fs.existsSync(values.from)) {
    console.error(`There is no SQLite file at ${path.resolve(values.from)}.`);
    return 1;
  }
  const started = performance.now();
  try {
    const copy = back ? copyDeskToSqlite : copyDesk;
    const report = await copy({ from: values.from, to: values.to, sessions: values.sessions, log: (line) => console.log(`  ${line}`) });
    const rows = report.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Copied ${rows} rows in ${report.tables.length} tables (${report.articles} articles) in one transaction, checked, in ${Math.round(performance.now() - started)} ms.`,
    );
  } catch (error) {
    console.error(error instanceof CopyRefused ? error.message : `Nothing was copied: ${(error as Error).message}`);
    return 1;
  }
  // The index is the search service's own (FTS5 on SQLite, tsvector tables on PostgreSQL): built by it, in a process on the target.
  const reindex = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'server/cli/reindex.ts'], {
    env: { ...process.env, DATABASE_URL: values.to },
    stdio: 'inherit',
  });
  if (reindex.status !== 0)
    console.error('The search index was not rebuilt: it is built on the first search, or run `npm run db:reindex` on the target.');
  return 0;
}

// No top-level await: tsx runs this file as CommonJS (the package is not "type": "module").
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
