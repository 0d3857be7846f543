import { closeDatabase } from '@/db/client';
// The per-article change sequence and the post-commit notification: two
// processes writing to one database file never let a reader see a gap or a
// reorder, and "article N reached S" is published after the commit, never
// after a rollback.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '@/db/client';
import { recordEvent } from '@/server/services/events';
import { getNotifier } from '@/server/services/notifier';
import { withReadTx, withTx } from '@/server/services/transaction';
import { freshCaller, PEOPLE } from './helpers';
import { anchorOf, annotate, CLAIM, importRiver, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const seqsOf = (articleId: number) =>
  (ctx.db.$client.prepare('select seq from events where article_id = ? order by id').all(articleId) as { seq: number }[]).map((r) => r.seq);
const cursorOf = (articleId: number) =>
  (ctx.db.$client.prepare('select change_seq as n from articles where id = ?').get(articleId) as { n: number }).n;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the change sequence', () => {
  it('numbers each article’s events 1, 2, 3, … in the order they were written, and is the cursor', { timeout: 30_000 }, async () => {
    const a = await importRiver(ctx);
    const b = await importRiver(ctx);
    await annotate(ctx, 'reviewer', a, CLAIM.fish);
    await annotate(ctx, 'reviewer', b, CLAIM.fish);
    const x = await annotate(ctx, 'reviewer', a, CLAIM.nitrate);
    await ctx.as('reviewer').annotation.delete({ id: x.id });
    expect(seqsOf(a)).toEqual([1, 2, 3, 4]);
    expect(seqsOf(b)).toEqual([1, 2]);
    expect((await ctx.caller.annotation.cursor({ articleId: a })).cursor).toBe(4);
    expect(cursorOf(b)).toBe(2);
    // History is newest first by the sequence.
    expect((await ctx.caller.article.history({ id: a })).map((e) => e.type)).toEqual([
      'annotation.deleted',
      'annotation.created',
      'annotation.created',
      'article.created',
    ]);
    // An event without an article has no sequence.
    await withTx(ctx.db, async (tx) => await recordEvent(tx, { type: 'settings.changed', actor: PEOPLE.admin, articleId: null }));
    expect(ctx.db.$client.prepare("select seq from events where type = 'settings.changed'").get()).toEqual({ seq: null });
  });

  it('loses no number to a rolled-back change', { timeout: 30_000 }, async () => {
    const articleId = await importRiver(ctx);
    const before = cursorOf(articleId);
    ctx.db.$client.exec(`CREATE TRIGGER fail_evidence BEFORE INSERT ON evidence WHEN NEW.title = 'boom'
      BEGIN SELECT RAISE(ABORT, 'evidence write failed'); END;`);
    await expect(
      ctx.caller.annotation.create({
        id: randomUUID(),
        articleId,
        anchor: await anchorOf(ctx, articleId, CLAIM.fish),
        verdict: 'false',
        rationale: 'r',
        evidence: [{ url: 'https://example.org/b', title: 'boom' }],
      }),
    ).rejects.toThrow(/evidence write failed/);
    expect(cursorOf(articleId)).toBe(before);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    expect(seqsOf(articleId)).toEqual(range(before + 1));
  });

  it('is gap-free and in commit order for a reader while two connections write at once', { timeout: 120_000 }, async () => {
    const a = await importRiver(ctx);
    const b = await importRiver(ctx);
    const PER_WRITER = 100;
    const root = path.resolve(__dirname, '../..');
    /** A writer process; `ready` resolves once it has opened the database, `go()` lets it write, `done` when it has. */
    const writer = () => {
      const child = spawn(
        process.execPath,
        [
          '--conditions=react-server',
          '--import',
          'tsx',
          'tests/support/live-writer.ts',
          ctx.file,
          String(PER_WRITER),
          String(a),
          String(b),
        ],
        { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.on('exit', (code) => reject(new Error(`writer exited with ${code} before it was ready: ${stderr}`)));
      });
      const done = new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited with ${code}: ${stderr}`))));
      });
      return { ready, done, go: () => child.stdin.end('go\n') };
    };
    // The reader: its own connection, reading the events and the cursor in one snapshot, again and again.
    const reader = openDatabase(ctx.file);
    const seen = new Map<number, number>([
      [a, 1],
      [b, 1],
    ]);
    let reads = 0;
    const check = async () =>
      // One snapshot on the reader's own connection: the raw statements below run inside it.
      await withReadTx(reader, async () => {
        for (const articleId of [a, b]) {
          const seqs = reader.$client.prepare('select id, seq from events where article_id = ? order by seq').all(articleId) as {
            id: number;
            seq: number;
          }[];
          // No gap: 1 … k, whatever the moment.
          expect(seqs.map((r) => r.seq)).toEqual(range(seqs.length));
          // Commit order: a later number was committed later (ids are given at insert, in SQLite's one-writer order).
          for (let i = 1; i < seqs.length; i++) expect(seqs[i].id).toBeGreaterThan(seqs[i - 1].id);
          // Never behind what was seen before (nothing reordered in before it), and the cursor says the same.
          expect(seqs.length).toBeGreaterThanOrEqual(seen.get(articleId)!);
          seen.set(articleId, seqs.length);
          const cursor = reader.$client.prepare('select change_seq as n from articles where id = ?').get(articleId) as { n: number };
          expect(cursor.n).toBe(seqs.length);
        }
        reads++;
      });
    const both = [writer(), writer()];
    await Promise.all(both.map((w) => w.ready));
    for (const w of both) w.go();
    let done = false;
    const writers = Promise.all(both.map((w) => w.done)).finally(() => {
      done = true;
    });
    try {
      while (!done) {
        await check();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await writers;
      await check();
    } finally {
      closeDatabase(reader);
    }
    expect(seen.get(a)! + seen.get(b)!).toBe(2 + 2 * PER_WRITER);
    expect(reads).toBeGreaterThan(2);
    // The two writers did run at the same time: their events are interleaved, not one block after the other.
    const order = (
      ctx.db.$client
        .prepare("select json_extract(after, '$.writer') as w from events where type = 'article.details_changed' order by id")
        .all() as {
        w: number;
      }[]
    ).map((r) => r.w);
    const switches = order.filter((w, i) => i > 0 && w !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(1);
  });
});

describe('the post-commit notification', () => {
  it('announces "article N reached S" once per transaction, after the commit', async () => {
    const articleId = await importRiver(ctx);
    const heard: { seq: number; inTransaction: boolean; cursor: number }[] = [];
    const stop = getNotifier().subscribe(articleId, (seq) =>
      heard.push({ seq, inTransaction: ctx.db.$client.inTransaction, cursor: cursorOf(articleId) }),
    );
    try {
      const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
      expect(heard).toEqual([{ seq: 2, inTransaction: false, cursor: 2 }]);
      // Two events in one transaction (the comment and the status): one announcement, of the last.
      await ctx.as('reviewer').annotation.submit({ id: a.id });
      await ctx.as('editor').annotation.requestChanges({ id: a.id, comment: 'Cite it.' });
      expect(heard.map((h) => h.seq)).toEqual([2, 3, 5]);
      expect(heard.every((h) => !h.inTransaction && h.cursor === h.seq)).toBe(true);
      // Another article's changes are not this one's.
      await annotate(ctx, 'reviewer', await importRiver(ctx), CLAIM.fish);
      expect(heard).toHaveLength(3);
    } finally {
      stop();
    }
  });

  it('announces nothing after a rollback (failure injected by a trigger)', async () => {
    const articleId = await importRiver(ctx);
    const heard = vi.fn();
    const stop = getNotifier().subscribe(articleId, heard);
    try {
      ctx.db.$client.exec(`CREATE TRIGGER fail_status BEFORE UPDATE OF status ON annotations WHEN NEW.status = 'in_review'
        BEGIN SELECT RAISE(ABORT, 'status write failed'); END;`);
      const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
      expect(heard).toHaveBeenCalledTimes(1);
      await expect(ctx.as('reviewer').annotation.submit({ id: a.id })).rejects.toThrow(/status write failed/);
      // The history entry of the failed submit was written before the failure and rolled back with it.
      await new Promise((resolve) => setImmediate(resolve));
      expect(heard).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  });

  it('publishes a nested transaction’s news when the outermost commits, and not when it rolls back', async () => {
    const articleId = await importRiver(ctx);
    const heard: number[] = [];
    const stop = getNotifier().subscribe(articleId, (seq) => heard.push(seq));
    const event = () => ({ type: 'article.details_changed' as const, actor: PEOPLE.admin, articleId });
    try {
      await expect(
        (async () =>
          await withTx(ctx.db, async (tx) => {
            await withTx(ctx.db, async (inner) => await recordEvent(inner, event()));
            expect(heard).toEqual([]); // committed savepoint, outer still open
            await recordEvent(tx, event());
            throw new Error('outer fails');
          }))(),
      ).rejects.toThrow('outer fails');
      expect(heard).toEqual([]);
      expect(cursorOf(articleId)).toBe(1);

      await withTx(ctx.db, async (tx) => {
        await expect(
          (async () =>
            await withTx(ctx.db, async (inner) => {
              await recordEvent(inner, event());
              throw new Error('inner fails');
            }))(),
        ).rejects.toThrow('inner fails');
        await recordEvent(tx, event());
        await withTx(ctx.db, async (inner) => await recordEvent(inner, event()));
        expect(heard).toEqual([]);
      });
      expect(heard).toEqual([3]);
      expect(seqsOf(articleId)).toEqual([1, 2, 3]);
    } finally {
      stop();
    }
  });
});
