import { closeDatabase } from '@/db/client';
// The per-article change sequence and the post-commit notification: two
// processes writing to one database file never let a reader see a gap or a
// reorder, and "article N reached S" is published after the commit, never
// after a rollback.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabaseUrl } from '@/db/client';
import { rawAll, rawGet } from '@/db/raw';
import { recordEvent } from '@/server/services/events';
import { getNotifier } from '@/server/services/notifier';
import { withReadTx, withTx } from '@/server/services/transaction';
import { addFailingTrigger, freshCaller, ON_PG, PEOPLE, sqlAll, sqlGet } from './helpers';
import { anchorOf, annotate, CLAIM, importRiver, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const seqsOf = async (articleId: number) =>
  ((await sqlAll(ctx.db, 'select seq from events where article_id = ? order by id', articleId)) as { seq: number }[]).map((r) => r.seq);
const cursorOf = async (articleId: number) =>
  ((await sqlGet(ctx.db, 'select change_seq as n from articles where id = ?', articleId)) as { n: number }).n;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the change sequence', () => {
  it('numbers each article’s events 1, 2, 3, … in the order they were written, and is the cursor', { timeout: 30_000 }, async () => {
    const a = await importRiver(ctx);
    const b = await importRiver(ctx);
    await annotate(ctx, 'reviewer', a, CLAIM.fish);
    await annotate(ctx, 'reviewer', b, CLAIM.fish);
    const x = await annotate(ctx, 'reviewer', a, CLAIM.nitrate);
    await ctx.as('reviewer').annotation.delete({ id: x.id });
    expect(await seqsOf(a)).toEqual([1, 2, 3, 4]);
    expect(await seqsOf(b)).toEqual([1, 2]);
    expect((await ctx.caller.annotation.cursor({ articleId: a })).cursor).toBe(4);
    expect(await cursorOf(b)).toBe(2);
    // History is newest first by the sequence.
    expect((await ctx.caller.article.history({ id: a })).map((e) => e.type)).toEqual([
      'annotation.deleted',
      'annotation.created',
      'annotation.created',
      'article.created',
    ]);
    // An event without an article has no sequence.
    await withTx(ctx.db, async (tx) => await recordEvent(tx, { type: 'settings.changed', actor: PEOPLE.admin, articleId: null }));
    expect(await sqlGet(ctx.db, "select seq from events where type = 'settings.changed'")).toEqual({ seq: null });
  });

  it('loses no number to a rolled-back change', { timeout: 30_000 }, async () => {
    const articleId = await importRiver(ctx);
    const before = await cursorOf(articleId);
    await addFailingTrigger(ctx.db, {
      name: 'fail_evidence',
      table: 'evidence',
      timing: 'BEFORE INSERT',
      when: "NEW.title = 'boom'",
      message: 'evidence write failed',
    });
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
    expect(await cursorOf(articleId)).toBe(before);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    expect(await seqsOf(articleId)).toEqual(range(before + 1));
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
          'tests/support/live-writer.mts',
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
    const reader = await openDatabaseUrl(ctx.file);
    const seen = new Map<number, number>([
      [a, 1],
      [b, 1],
    ]);
    let reads = 0;
    const check = async () =>
      // One snapshot on the reader's own connection: the raw statements below run inside it.
      await withReadTx(reader, async (tx) => {
        for (const articleId of [a, b]) {
          const seqs = await rawAll<{ id: number; seq: number }>(
            tx,
            sql`select id, seq from events where article_id = ${articleId} order by seq`,
          );
          // No gap: 1 … k, whatever the moment.
          expect(seqs.map((r) => r.seq)).toEqual(range(seqs.length));
          // Commit order: a later number was committed later (ids are given at insert, in SQLite's one-writer order).
          for (let i = 1; i < seqs.length; i++) expect(seqs[i].id).toBeGreaterThan(seqs[i - 1].id);
          // Never behind what was seen before (nothing reordered in before it), and the cursor says the same.
          expect(seqs.length).toBeGreaterThanOrEqual(seen.get(articleId)!);
          seen.set(articleId, seqs.length);
          const cursor = await rawGet<{ n: number }>(tx, sql`select change_seq as n from articles where id = ${articleId}`);
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
    const writerOf = ON_PG ? "(after->>'writer')::bigint" : "json_extract(after, '$.writer')";
    const order = (
      await sqlAll<{ w: number }>(ctx.db, `select ${writerOf} as w from events where type = 'article.details_changed' order by id`)
    ).map((r) => r.w);
    const switches = order.filter((w, i) => i > 0 && w !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(1);
  });
});

describe('the post-commit notification', () => {
  it('announces "article N reached S" once per transaction, after the commit', async () => {
    const articleId = await importRiver(ctx);
    // Read the moment the news arrives: on SQLite at once on the writer's own connection (is it still in the transaction?);
    // on PostgreSQL the query leaves at once on another connection, which sees only what was committed.
    const reads: Promise<{ seq: number; inTransaction: boolean; cursor: number }>[] = [];
    const stop = getNotifier().subscribe(articleId, (seq) => {
      if (ON_PG) reads.push(cursorOf(articleId).then((cursor) => ({ seq, inTransaction: false, cursor })));
      else {
        const cursor = (ctx.db.$client.prepare('select change_seq as n from articles where id = ?').get(articleId) as { n: number }).n;
        reads.push(Promise.resolve({ seq, inTransaction: ctx.db.$client.inTransaction, cursor }));
      }
    });
    const heardSoFar = () => Promise.all(reads);
    try {
      const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
      expect(await heardSoFar()).toEqual([{ seq: 2, inTransaction: false, cursor: 2 }]);
      // Two events in one transaction (the comment and the status): one announcement, of the last.
      await ctx.as('reviewer').annotation.submit({ id: a.id });
      await ctx.as('editor').annotation.requestChanges({ id: a.id, comment: 'Cite it.' });
      const heard = await heardSoFar();
      expect(heard.map((h) => h.seq)).toEqual([2, 3, 5]);
      expect(heard.every((h) => !h.inTransaction && h.cursor === h.seq)).toBe(true);
      // Another article's changes are not this one's.
      await annotate(ctx, 'reviewer', await importRiver(ctx), CLAIM.fish);
      expect(reads).toHaveLength(3);
    } finally {
      stop();
    }
  });

  it('announces nothing after a rollback (failure injected by a trigger)', async () => {
    const articleId = await importRiver(ctx);
    const heard = vi.fn();
    const stop = getNotifier().subscribe(articleId, heard);
    try {
      await addFailingTrigger(ctx.db, {
        name: 'fail_status',
        table: 'annotations',
        timing: 'BEFORE UPDATE OF status',
        when: "NEW.status = 'in_review'",
        message: 'status write failed',
      });
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
      expect(await cursorOf(articleId)).toBe(1);

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
      expect(await seqsOf(articleId)).toEqual([1, 2, 3]);
    } finally {
      stop();
    }
  });
});
