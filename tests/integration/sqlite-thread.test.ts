// Whole-article transactions on SQLite run their statements on the writer
// thread (db/sqlite-thread.ts): the thread that answers requests keeps
// turning while they run, and the transaction is still one transaction (all
// or nothing, the database's own errors, the search index in step).
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawGet, rawRun } from '@/db/raw';
import { WHOLE_ARTICLE, withTx } from '@/server/services/transaction';
import { freshCaller, ON_PG, sqlGet } from './helpers';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  process.env.FACTCHECK_SKIP_SAMPLE = '1';
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const meta = async (key: string) => (await sqlGet<{ value: string }>(ctx.db, 'SELECT value FROM app_meta WHERE key = ?', key))?.value;

// PostgreSQL's statements never run on this thread: the option is ignored there.
describe.skipIf(ON_PG)('a whole-article transaction on SQLite', () => {
  it("runs on the writer thread's connection, not this thread's, and commits as one", async () => {
    const seen = await withTx(
      ctx.db,
      async (tx) => {
        await rawRun(tx, sql`INSERT INTO app_meta (key, value) VALUES ('thread-test', 'written')`);
        // This thread's writer is not inside the transaction: another connection holds it.
        const here = ctx.db.$client.inTransaction;
        const inside = await rawGet<{ value: string }>(tx, sql`SELECT value FROM app_meta WHERE key = 'thread-test'`);
        return { here, inside: inside.value, outside: await meta('thread-test') };
      },
      WHOLE_ARTICLE,
    );
    // Not yet committed while the transaction ran: this thread's connection did not see it.
    expect(seen).toEqual({ here: false, inside: 'written', outside: undefined });
    expect(await meta('thread-test')).toBe('written');

    // Any other transaction stays on this thread's writer.
    const here = await withTx(ctx.db, async (tx) => {
      await rawRun(tx, sql`UPDATE app_meta SET value = 'again' WHERE key = 'thread-test'`);
      return ctx.db.$client.inTransaction;
    });
    expect(here).toBe(true);
  });

  it('lets this thread turn while a statement runs', async () => {
    const order: string[] = [];
    await withTx(
      ctx.db,
      async (tx) => {
        setImmediate(() => order.push('another task'));
        // On this thread the statement and what follows it would run before any other task could.
        await rawGet(tx, sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT count(*) AS c FROM n`);
        order.push('the statement');
      },
      WHOLE_ARTICLE,
    );
    expect(order).toEqual(['another task', 'the statement']);
  });

  it("leaves nothing after a failure, which keeps the database's own error and code", async () => {
    const failure = withTx(
      ctx.db,
      async (tx) => {
        await rawRun(tx, sql`INSERT INTO app_meta (key, value) VALUES ('thread-failed', 'half')`);
        await rawRun(tx, sql`INSERT INTO app_meta (key, value) VALUES ('thread-failed', 'twice')`);
      },
      WHOLE_ARTICLE,
    );
    await expect(failure).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
      message: expect.stringMatching(/UNIQUE constraint failed/),
    });
    expect(await meta('thread-failed')).toBeUndefined();
    // The lock and the thread are free again: the next one commits.
    await withTx(
      ctx.db,
      async (tx) => await rawRun(tx, sql`INSERT INTO app_meta (key, value) VALUES ('thread-failed', 'once')`),
      WHOLE_ARTICLE,
    );
    expect(await meta('thread-failed')).toBe('once');
  });

  it('imports an article (through the router) whose text search finds at once', async () => {
    const text = 'The harbour dredging contract was signed in March.\n\nAnother paragraph about the quay walls.';
    const { id } = await ctx.caller.article.import({ text, format: 'text', title: 'Harbour works' });
    const { results } = await ctx.caller.search.checks({ q: 'quay walls' });
    expect(results.map((r) => r.articleId)).toContain(id);
  });
});
