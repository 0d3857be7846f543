import 'server-only';
// Imports (HTML and Markdown parsing, page extraction with jsdom and
// Readability) run in worker threads, never on the thread that answers
// requests: one pathological page must not stall every reviewer. Each job has
// a time limit and a memory limit; over either, its worker is killed and the
// request gets a clear refusal. FACTCHECK_INLINE_IMPORT=1 runs the work inline
// instead (for debugging with breakpoints; no limits then).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { invalidInput } from '../errors';
import type { Reanchored, StoredAnchor } from '../domain/reanchor';
import { runImportJob, runReanchorJob, type ImportJob, type ImportJobResult, type ReanchorJob } from './import-jobs';

export const IMPORT_TIME_LIMIT_MS = 10_000;
/** Heap of one import worker; FACTCHECK_IMPORT_MEMORY_MB overrides it. */
export function importMemoryLimitMb(): number {
  const configured = Number(process.env.FACTCHECK_IMPORT_MEMORY_MB);
  return Number.isInteger(configured) && configured >= 16 ? configured : 512;
}
export const TOO_SLOW = 'This page is too complex to import (took over 10 s)';
export const TOO_LARGE = 'This article is too large to import (memory limit)';

/** Built by `npm run build:workers` (run by `npm run build` and `npm run test:unit`). */
export const IMPORT_WORKER_FILE = path.join(process.cwd(), '.workers/import-worker.mjs');

let pool: Piscina<ImportJob | ReanchorJob, ImportJobResult | Reanchored[]> | null = null;

/**
 * One thread per core, created as needed; at least two, so one slow job never
 * holds up every other import. FACTCHECK_IMPORT_THREADS overrides it.
 */
export function importPoolSize(): number {
  const configured = Number(process.env.FACTCHECK_IMPORT_THREADS);
  return Number.isInteger(configured) && configured > 0 ? configured : Math.max(2, os.availableParallelism());
}

function getPool(): Piscina<ImportJob | ReanchorJob, ImportJobResult | Reanchored[]> {
  if (pool) return pool;
  if (!fs.existsSync(IMPORT_WORKER_FILE)) {
    throw new Error(`The import worker is missing (${IMPORT_WORKER_FILE}): run \`npm run build:workers\``);
  }
  const size = importPoolSize();
  pool = new Piscina<ImportJob | ReanchorJob, ImportJobResult | Reanchored[]>({
    filename: IMPORT_WORKER_FILE,
    minThreads: 1,
    maxThreads: size,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: importMemoryLimitMb() },
  });
  return pool;
}

export function inlineImport(): boolean {
  return process.env.FACTCHECK_INLINE_IMPORT === '1';
}

/**
 * Runs one import job in the pool. The job's 10 s start when it is handed to
 * the pool. Refusals (`ok: false`) are returned; limits become `AppError`s.
 */
export async function runImport(job: ImportJob, options: { timeLimitMs?: number } = {}): Promise<ImportJobResult> {
  if (inlineImport()) return runImportJob(job);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeLimitMs ?? IMPORT_TIME_LIMIT_MS);
  try {
    return (await getPool().run(job, { signal: controller.signal })) as ImportJobResult;
  } catch (error) {
    // Aborting a running task terminates its worker; the pool starts a fresh one.
    if (controller.signal.aborted) throw invalidInput(TOO_SLOW);
    if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') throw invalidInput(TOO_LARGE);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export const REANCHOR_TOO_SLOW =
  'Re-anchoring this revision took too long (over 10 s): nothing was saved. Try again, or save the revision in smaller steps.';

/**
 * Re-anchors in the pool, within re-anchoring's own budget (which orphans what
 * it cannot reach) and the pool's time and memory limits as a last guard.
 */
export async function reanchorOffThread(
  anchors: StoredAnchor[],
  doc: unknown,
  options: ReanchorJob['options'] = {},
): Promise<Reanchored[]> {
  const job: ReanchorJob = { kind: 'reanchor', doc, anchors, options };
  if (inlineImport()) return runReanchorJob(job);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), IMPORT_TIME_LIMIT_MS);
  try {
    return (await getPool().run(job, { signal: controller.signal })) as Reanchored[];
  } catch (error) {
    if (controller.signal.aborted) throw invalidInput(REANCHOR_TOO_SLOW);
    if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') throw invalidInput(TOO_LARGE);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** For tests and benchmarks: stops the threads. */
export async function closeImportPool(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.destroy();
}
