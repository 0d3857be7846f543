import { closeDatabase } from '@/db/client';
// One writer of the sequence test (tests/integration/live-sequence.test.ts), in
// its own process with its own connection to the database file: records
// `count` events, alternating between the articles given, each in its own
// transaction through the app's helper.
//   node --conditions=react-server --import tsx tests/support/live-writer.mts <file or postgres:// URL> <count> <articleId>…
import { sql } from 'drizzle-orm';
import { openDatabaseUrl } from '@/db/client';
import { rawGet } from '@/db/raw';
import { recordEvent } from '@/server/services/events';
import { withTx } from '@/server/services/transaction';

const [file, count, ...articleIds] = process.argv.slice(2);
const db = await openDatabaseUrl(file);
const actor = { id: null, name: `writer ${process.pid}` };
// Both writers start together: each says it is ready, and waits for the test's word.
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  await write();
  closeDatabase(db);
  process.exit(0);
});

/** How far one writer may run ahead of the other: close enough that they always interleave, loose enough that they contend for the lock. */
const MAX_LEAD = 3;
const writerOf = db.$dialect === 'pg' ? sql`(after->>'writer')::bigint` : sql`json_extract(after, '$.writer')`;
const othersWritten = async () =>
  (
    await rawGet<{ n: number }>(
      db,
      sql`select count(*) as n from events where type = 'article.details_changed' and ${writerOf} != ${process.pid}`,
    )
  ).n;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Waits (without a timer: this process only writes) until the other writer is at most MAX_LEAD events behind, or done. */
async function keepPace(written: number) {
  const deadline = Date.now() + 30_000;
  while ((await othersWritten()) < Math.min(written, Number(count)) - MAX_LEAD) {
    if (Date.now() > deadline) throw new Error('the other writer stopped writing');
    Atomics.wait(pause, 0, 0, 1);
  }
}

async function write() {
  for (let i = 0; i < Number(count); i++) {
    await keepPace(i);
    const articleId = Number(articleIds[i % articleIds.length]);
    await withTx(db, async (tx) => {
      await recordEvent(tx, { type: 'article.details_changed', actor, articleId, after: { writer: process.pid, i } });
      // Hold the write lock a moment now and then, so the other writer queues behind it.
      const until = Date.now() + (i % 3);
      while (Date.now() < until) {}
    });
  }
}
