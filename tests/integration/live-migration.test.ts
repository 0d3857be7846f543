// 0007_live_desk numbers the events already recorded: 1, 2, 3, … per article in
// id order, the article's change_seq the last of them, and the history stays
// append-only afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';

const MIGRATIONS = path.resolve(__dirname, '../../db/migrations');
let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as it was before 0007. */
function foldersBefore(tag: string): string {
  const folder = path.join(dir, 'before');
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8'));
  const stop = journal.entries.findIndex((e: { tag: string }) => e.tag === tag);
  journal.entries = journal.entries.slice(0, stop);
  fs.writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) fs.copyFileSync(path.join(MIGRATIONS, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

it('backfills the change sequence of existing events and articles', () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-migration-'));
  const sqlite = new Database(path.join(dir, 'old.db'));
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: foldersBefore('0007_live_desk') });
  const article = sqlite.prepare("insert into articles (title, body, plain_text) values (?, '{}', '') returning id");
  const a = (article.get('A') as { id: number }).id;
  const b = (article.get('B') as { id: number }).id;
  const c = (article.get('C, never changed') as { id: number }).id;
  const event = sqlite.prepare(
    "insert into events (article_id, actor_name, type, created_at) values (?, 'Ana', ?, '2026-01-01T00:00:00Z')",
  );
  for (const [articleId, type] of [
    [a, 'article.created'],
    [b, 'article.created'],
    [null, 'settings.changed'],
    [a, 'annotation.created'],
    [a, 'annotation.updated'],
    [b, 'annotation.created'],
  ] as const)
    event.run(articleId, type);

  migrate(db, { migrationsFolder: MIGRATIONS });

  const seqs = sqlite.prepare('select article_id as article, seq from events order by id').all();
  expect(seqs).toEqual([
    { article: a, seq: 1 },
    { article: b, seq: 1 },
    { article: null, seq: null },
    { article: a, seq: 2 },
    { article: a, seq: 3 },
    { article: b, seq: 2 },
  ]);
  expect(sqlite.prepare('select id, change_seq as n from articles order by id').all()).toEqual([
    { id: a, n: 3 },
    { id: b, n: 2 },
    { id: c, n: 0 },
  ]);
  expect(() => sqlite.prepare("update events set type = 'x'").run()).toThrow(/append-only/);
  expect(() =>
    sqlite.prepare('insert into events (article_id, seq, actor_name, type, created_at) values (?, 3, ?, ?, ?)').run(a, 'x', 'y', 'z'),
  ).toThrow(/UNIQUE/);
  sqlite.close();
});
