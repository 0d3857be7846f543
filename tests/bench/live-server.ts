// The server side of the live benchmark (tests/bench/live.ts), in a process of
// its own so that its memory is measured alone: the app's tRPC router over
// plain HTTP (tRPC's standalone adapter, server-sent events as in the app),
// on a fresh SQLite file with one short article and one annotation. People are
// named by a header instead of a session (the benchmark measures the stream,
// not sign-in).
// With --per-stream, each stream reads for itself when a change wakes it (the
// streams' old path, the fan-out figure's baseline) instead of sharing one read.
//   node --conditions=react-server --import tsx --expose-gc tests/bench/live-server.ts <file> [--per-stream]
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { user } from '../../db/schema';
import { openAppDatabase } from '../../server/database';
import { withTx } from '../../server/services/transaction';
import { createAnnotationInput } from '../../server/domain/annotation.types';
import { articleSchema as s } from '../../server/domain/article-schema';
import type { Actor } from '../../server/domain/roles';
import { appRouter } from '../../server/routers/_app';
import { createAnnotation } from '../../server/services/annotations';
import { insertArticle } from '../../server/services/articles';
import { PerStreamReads, setLiveReads } from '../../server/services/live-reads';

const PEOPLE: Record<string, Actor> = {
  writer: { id: 'bench-writer', name: 'Bench Writer', role: 'admin' },
  reader: { id: 'bench-reader', name: 'Bench Reader', role: 'editor' },
};

// Ended by the benchmark with SIGTERM: exit as from the end of the program (so that --cpu-prof can write its profile).
process.on('SIGTERM', () => process.exit(0));

// Not top-level await: tsx loads this file as CommonJS.
async function main() {
  const [file, mode] = process.argv.slice(2);
  if (mode === '--per-stream') setLiveReads(new PerStreamReads());
  const db = await openAppDatabase(file);
  const now = new Date();
  await db
    .insert(user)
    .values(
      Object.values(PEOPLE).map((p) => ({
        id: p.id,
        name: p.name,
        email: `${p.id}@example.org`,
        role: p.role,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .run();
  const text = 'The port authority said cargo volumes doubled in 2025, while its own figures show a rise of twelve percent.';
  const doc = s.node('doc', null, [s.node('title', null, [s.text('Live benchmark')]), s.node('paragraph', null, [s.text(text)])]);
  const { id: articleId } = await withTx(db, async (tx) => await insertArticle(tx, { title: 'Live benchmark', doc }));
  const from = 1 + 'Live benchmark'.length + 2 + text.indexOf('cargo');
  const exact = 'cargo volumes doubled';
  const annotation = await createAnnotation(
    db,
    PEOPLE.writer,
    createAnnotationInput.parse({
      id: randomUUID(),
      articleId,
      anchor: { from, to: from + exact.length, exact },
      verdict: 'false',
      rationale: 'Start.',
    }),
  );

  const handler = createHTTPHandler({
    router: appRouter,
    createContext: ({ req }) => ({
      db,
      user: PEOPLE[String(req.headers['x-bench-user'])] ?? null,
      setupNeeded: false,
      headers: new Headers(),
      resHeaders: null,
      origin: 'http://127.0.0.1',
    }),
  });

  const server = http.createServer((req, res) => {
    if (req.url === '/memory') {
      (globalThis as { gc?: () => void }).gc?.();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(process.memoryUsage()));
      return;
    }
    handler(req, res);
  });
  server.keepAliveTimeout = 0;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ port, articleId, annotationId: annotation.id, version: annotation.version })}\n`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
