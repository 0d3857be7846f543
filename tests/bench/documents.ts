// Word and PDF imports in the worker pool: a 40-page text PDF (a statistics
// release) and a 30-page .docx, each imported a few times, while the main
// thread's event loop is watched. A cheap read waits no longer than the loop's
// delay, so its p99 is what those requests would see meanwhile (target: each
// import ≤ 5 s, the loop's p99 ≤ 200 ms). The pool is made as
// server/workers/import-pool.ts makes it; run `npm run build:workers` first.
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import { articleDocFromJSON } from '../../server/domain/article-schema';
import type { ImportJob, ImportJobResult, InspectJob, InspectJobResult } from '../../server/workers/import-jobs';
import { buildDocx, buildPdf } from '../fixtures/documents';

const RUNS = 5;
const threads = Math.max(2, os.availableParallelism());
const pool = new Piscina<ImportJob | InspectJob, ImportJobResult | InspectJobResult>({
  filename: path.join(process.cwd(), '.workers/import-worker.mjs'),
  minThreads: 1,
  maxThreads: threads,
  resourceLimits: { maxOldGenerationSizeMb: 512 },
});

async function timed(job: ImportJob | InspectJob): Promise<{ ms: number[]; loopP99: number; blocks: number }> {
  const ms: number[] = [];
  let blocks = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const result = await pool.run(job);
    if (!result.ok) throw new Error(result.message);
    blocks = 'body' in result ? articleDocFromJSON(JSON.parse(result.body.json)).childCount : 0;
    ms.push(performance.now() - t);
  }
  loop.disable();
  return { ms, loopP99: loop.percentile(99) / 1e6, blocks };
}

const line = (name: string, r: { ms: number[]; loopP99: number; blocks: number }) => {
  const sorted = [...r.ms].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} first ${r.ms[0].toFixed(0).padStart(6)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0).padStart(6)} ms, worst ${sorted.at(-1)!.toFixed(0).padStart(6)} ms; ${r.blocks} blocks; event loop p99 ${r.loopP99.toFixed(1)} ms`,
  );
};

async function main() {
  const pdf = Buffer.from(await buildPdf({ pages: 40 }));
  // About 500 words a page: 30 pages of the draft's filler paragraphs.
  const docx = await buildDocx({ extraParagraphs: 400 });
  const pdfJob: ImportJob = { kind: 'file', input: { base64: pdf.toString('base64'), fileName: 'release.pdf' } };
  const docxJob: ImportJob = { kind: 'file', input: { base64: docx.toString('base64'), fileName: 'draft.docx' } };
  console.log(`\ndocuments: ${RUNS} imports each in the worker pool (${threads} threads), the first on a cold thread`);
  line(`40-page PDF (${(pdf.length / 1024).toFixed(0)} KB)`, await timed(pdfJob));
  line(`30-page .docx (${(docx.length / 1024).toFixed(0)} KB)`, await timed(docxJob));
  // Word comments: counting them when the file is chosen, and the import that brings them in (reads document.xml a second time).
  line('30-page .docx, comments counted', await timed({ kind: 'inspect', input: docxJob.input }));
  line('30-page .docx, comments brought in', await timed({ kind: 'file', input: { ...docxJob.input, wordComments: true } }));
  await pool.destroy();
}

export const done = main();
