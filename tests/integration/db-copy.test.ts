// Moving a desk (npm run db:copy): a desk made through the services on SQLite
// is copied into an empty PostgreSQL database, then read back through the
// services there (in a process of its own: a process runs one dialect) and
// compared with the same reading of the source. A second copy into the now
// full database is refused with a sentence. Then the reverse: that PostgreSQL
// copy into a new SQLite file, read back through the router equal to the
// source file. Needs TEST_DATABASE_URL.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db/client';
import { DIALECT } from '@/db/dialect';
import { CopyRefused, copyDesk } from '@/server/cli/desk-copy';
import { copyDeskToSqlite } from '@/server/cli/desk-copy-back';
import { openAppDatabase } from '@/server/database';
import { type ScratchDatabase, scratchDatabase, TEST_DATABASE_URL } from '../support/pg-scratch';
import { readDesk } from '../support/read-desk';
import { freshCaller, PEOPLE } from './helpers';
import { annotate, CLAIM, importRiver, RIVER_REVISED, type TestDesk } from './river-desk';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

// The source is SQLite: this runs in the SQLite process of the suite only.
describe.skipIf(!TEST_DATABASE_URL || DIALECT !== 'sqlite')('npm run db:copy, SQLite to PostgreSQL', () => {
  let ctx: TestDesk;
  let scratch: ScratchDatabase;
  let back: ScratchDatabase;
  let dir: string;

  beforeAll(async () => {
    ctx = await freshCaller();
    scratch = await scratchDatabase('copy');
    back = await scratchDatabase('copyback');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-copy-back-'));
    // A desk with some of everything: two articles, a revision, annotations in review, a comment, a deletion.
    const river = await importRiver(ctx);
    const fish = await annotate(ctx, 'reviewer', river, CLAIM.fish, { rationale: 'Fish counts fell, says the nitrate survey.' });
    await annotate(ctx, 'reviewer', river, CLAIM.nitrate);
    await ctx.as('reviewer').annotation.submit({ id: fish.id });
    await ctx.as('editor').comment.create({ id: randomUUID(), annotationId: fish.id, body: 'Which survey, which year?' });
    await ctx.as('editor').article.update({ articleId: river, text: RIVER_REVISED });
    const second = await importRiver(ctx);
    const gone = await annotate(ctx, 'reviewer', second, CLAIM.fish);
    await ctx.as('reviewer').annotation.delete({ id: gone.id });
  }, 120_000);

  afterAll(async () => {
    ctx?.cleanup();
    await scratch?.drop();
    await back?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies everything in one transaction, reads the same through the services, and refuses a second copy', {
    timeout: 240_000,
  }, async () => {
    const report = await copyDesk({ from: ctx.file, to: scratch.url, root, sessions: true });
    expect(report.articles).toBeGreaterThanOrEqual(2);
    expect(report.tables.find((t) => t.name === 'events')?.rows).toBeGreaterThan(5);

    const before = await readDesk(ctx.db, PEOPLE.admin);
    const { stdout } = await run(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'tests/support/read-desk.ts', PEOPLE.admin.id, PEOPLE.admin.name],
      { cwd: root, env: { ...process.env, DATABASE_URL: scratch.url }, maxBuffer: 64 * 1024 * 1024 },
    );
    const after = JSON.parse(stdout);
    expect(after.perArticle.some((a: { annotations: unknown[] }) => a.annotations.length > 0)).toBe(true);
    // The comparison has something to compare: a discussion, and searches that find rows (the copy's index is built by its first search).
    expect(after.perArticle.flatMap((a: { discussions: unknown[][] }) => a.discussions.flat())).toHaveLength(1);
    expect(after.search.words.length).toBeGreaterThan(0);
    expect(after.search.phrase.length).toBeGreaterThan(0);
    expect(after).toEqual(before);

    // New rows on the copy number on from the copied ones (identity counters moved past them).
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      const [{ max }] = await sql<{ max: string }[]>`select max(id)::text as max from events`;
      const [{ next }] = await sql<{ next: string }[]>`select nextval(pg_get_serial_sequence('events', 'id'))::text as next`;
      expect(Number(next)).toBe(Number(max) + 1);
    } finally {
      await sql.end();
    }

    const again = await copyDesk({ from: ctx.file, to: scratch.url, root }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(CopyRefused);
    expect((again as Error).message).toMatch(/^The target database is not empty \(.*articles.*\): copy into a new, empty database/);
  });

  it('copies a PostgreSQL desk back into a new SQLite file that reads the same through the router, counters included, and refuses a second copy', {
    timeout: 240_000,
  }, async () => {
    await copyDesk({ from: ctx.file, to: back.url, root, sessions: true });
    // An id taken and never used on PostgreSQL (a rolled-back insert): the SQLite file must not hand it out either.
    const sql = postgres(back.url, { max: 1, onnotice: () => {} });
    let counter: number;
    try {
      const [{ next }] = await sql<{ next: string }[]>`select nextval(pg_get_serial_sequence('articles', 'id'))::text as next`;
      counter = Number(next);
    } finally {
      await sql.end();
    }

    const file = path.join(dir, 'backup.db');
    const report = await copyDeskToSqlite({ from: back.url, to: file, root, sessions: true });
    expect(report.articles).toBeGreaterThanOrEqual(2);
    expect(report.tables.find((t) => t.name === 'events')?.rows).toBeGreaterThan(5);

    const copy = await openAppDatabase(file);
    try {
      const after = await readDesk(copy, PEOPLE.admin);
      expect(after.perArticle.some((a: { annotations: unknown[] }) => a.annotations.length > 0)).toBe(true);
      expect(after).toEqual(await readDesk(ctx.db, PEOPLE.admin));
      // Below the router too: SQLite → PostgreSQL → SQLite gives every copied table's rows back value for value
      // (timestamps in milliseconds, booleans as 0/1, JSON text as written), including columns no page shows.
      const rowsOf = (db: typeof copy, table: string) =>
        (db.$client.prepare(`select * from "${table}"`).all() as Record<string, unknown>[])
          .filter((row) => !(table === 'app_meta' && row.key === 'search_index_version'))
          .map((row) => JSON.stringify(row))
          .sort();
      for (const { name } of report.tables) expect(rowsOf(copy, name), name).toEqual(rowsOf(ctx.db, name));
      const seq = (table: string) =>
        (copy.$client.prepare('select seq from sqlite_sequence where name = ?').get(table) as { seq: number } | undefined)?.seq;
      const maxId = (table: string) => (copy.$client.prepare(`select max(id) as id from ${table}`).get() as { id: number }).id;
      expect(seq('articles')).toBe(counter);
      expect(seq('articles')).toBeGreaterThan(maxId('articles'));
      expect(seq('events')).toBe(maxId('events'));
    } finally {
      closeDatabase(copy);
    }

    const again = await copyDeskToSqlite({ from: back.url, to: file, root }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(CopyRefused);
    expect((again as Error).message).toMatch(/^The target file is not empty \(.*articles.*\): copy into a new file/);
  });
});
