// Import benchmark: the overhead of running an import in the worker pool
// (posting the text to a thread, the document back serialised for the database)
// against running it inline on the request thread, for a normal article.
// The pool is made here as server/workers/import-pool.ts makes it (that module
// is `server-only`); run `npm run build:workers` first (`npm run bench` does).
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { storedBodyOf } from '../../server/domain/plain-text';
import { importArticle } from '../../server/import';
import type { ImportJob, ImportJobResult } from '../../server/workers/import-jobs';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';

const RUNS = 100;
const job: ImportJob = { kind: 'text', input: { text: CREDIT_ARTICLE_TEXT } };
const threads = Math.max(2, os.availableParallelism());
const pool = new Piscina<ImportJob, ImportJobResult>({
  filename: path.join(process.cwd(), '.workers/import-worker.mjs'),
  minThreads: 1,
  maxThreads: threads,
  resourceLimits: { maxOldGenerationSizeMb: 512 },
});

// What the app does with each: inline, import then serialise for the database, as the worker does.
const inline = () => storedBodyOf(importArticle(job.input).doc);
async function pooled() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const result = await pool.run(job, { signal: controller.signal });
  clearTimeout(timer);
  if (!result.ok) throw new Error(result.message);
  return result.body;
}

async function ms(run: () => unknown): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < RUNS; i++) await run();
  return (performance.now() - t) / RUNS;
}

async function main() {
  // Warm-up (JIT, the worker thread started and its modules loaded), then the timed runs.
  for (let i = 0; i < 20; i++) inline();
  for (let i = 0; i < 20; i++) await pooled();
  const inlineMs = await ms(inline);
  const pooledMs = await ms(pooled);
  await pool.destroy();

  console.log(
    `\nimports: the sample article (${Buffer.byteLength(CREDIT_ARTICLE_TEXT)} bytes), ${RUNS} imports each, pool of ${threads} threads`,
  );
  console.log(`inline, one after the other             ${inlineMs.toFixed(2).padStart(8)} ms per import`);
  console.log(`worker pool, one after the other        ${pooledMs.toFixed(2).padStart(8)} ms per import`);
  console.log(`ratio pool / inline: ${(pooledMs / inlineMs).toFixed(2)}× (overhead ${(pooledMs - inlineMs).toFixed(2)} ms per import)`);
}

export const done = main();
