// One writer of the sequence test (tests/integration/live-sequence.test.ts), in
// its own process with its own connection to the database file: records
// `count` events, alternating between the articles given, each in its own
// transaction through the app's helper.
//   node --conditions=react-server --import tsx tests/support/live-writer.ts <file> <count> <articleId>…
import { openDatabase } from '@/db/client';
import { recordEvent } from '@/server/services/events';
import { inTransaction } from '@/server/services/transaction';

const [file, count, ...articleIds] = process.argv.slice(2);
const db = openDatabase(file);
const actor = { id: null, name: `writer ${process.pid}` };
// Both writers start together: each says it is ready, and waits for the test's word.
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  write();
  db.$client.close();
  process.exit(0);
});

function write() {
  for (let i = 0; i < Number(count); i++) {
    const articleId = Number(articleIds[i % articleIds.length]);
    inTransaction(db, (tx) => {
      recordEvent(tx, { type: 'article.details_changed', actor, articleId, after: { writer: process.pid, i } });
      // Hold the write lock a moment now and then, so the other writer queues behind it.
      const until = Date.now() + (i % 3);
      while (Date.now() < until) {}
    });
  }
}
