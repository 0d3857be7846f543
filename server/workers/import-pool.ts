import 'server-only';
// Imports (HTML and Markdown parsing, page extraction with jsdom and
// Readability) run in worker threads, never on the thread that answers
// requests: one pathological page must not stall every reviewer. Each job has
// a time limit and a memory limit; over either, its worker is killed and the
// request gets a clear refusal. FACTCHECK_INLINE_IMPORT=1 runs the work inline
// instead (for debugging with breakpoints; no limits then).
//
// Jobs wait for a thread in our own queue, not in the pool's: a job is handed
// to the pool only when a thread is free, and its time limit starts then, so
// waiting behind someone else's slow import never counts against it. The
// queue takes people in turn (round robin by owner), so one person's many
// imports do not hold up another's; a queue that is too long, or a wait over a
// minute, is refused with "busy, try again in a minute".
import fs from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { AppError, invalidInput } from '../errors';
import type { Reanchored, StoredAnchor } from '../domain/reanchor';
import {
  runImportJob,
  runInspectJob,
  runReanchorJob,
  runRevisionJob,
  type RevisionJob,
  type RevisionPlacement,
  type ImportJob,
  type ImportJobResult,
  type InspectJob,
  type InspectJobResult,
  type PoolJob as Job,
  type PoolResult as JobResult,
  type ReanchorJob,
} from './import-jobs';
import { runRenderJob, type ExportJob, type PublicPageJob, type RenderJob, type SnapshotJob } from './render-jobs';
import type { ExportJson } from '../export/model';

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

let pool: Piscina<Job, JobResult> | null = null;

/**
 * One thread per core, created as needed; at least two, so one slow job never
 * holds up every other import. FACTCHECK_IMPORT_THREADS overrides it.
 */
export function importPoolSize(): number {
  const configured = Number(process.env.FACTCHECK_IMPORT_THREADS);
  return Number.isInteger(configured) && configured > 0 ? configured : Math.max(2, os.availableParallelism());
}

function getPool(): Piscina<Job, JobResult> {
  if (pool) return pool;
  if (!fs.existsSync(IMPORT_WORKER_FILE)) {
    throw new Error(`The import worker is missing (${IMPORT_WORKER_FILE}): run \`npm run build:workers\``);
  }
  const size = importPoolSize();
  pool = new Piscina<Job, JobResult>({
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

/** How long a thread may take to start (load the importer) before its job's own clock runs. */
const WORKER_START_ALLOWANCE_MS = 10_000;

export const IMPORT_BUSY = 'The importer is busy with other imports right now: try again in a minute';
/** Jobs waiting for a thread, in all and per person; and the longest wait before "busy". */
export const QUEUE_LIMITS = { total: 24, perOwner: 4, waitMs: 60_000 };

interface Waiting {
  start: () => void;
  refuse: (error: Error) => void;
}

/** Threads handed out one job at a time, to owners in turn. */
class FairQueue {
  private running = 0;
  private waiting = 0;
  private readonly lanes = new Map<string, Waiting[]>();

  constructor(private readonly size: () => number) {}

  /** Resolves with `release` once the job may use a thread. */
  acquire(owner: string): Promise<() => void> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.running--;
      this.dispatch();
    };
    if (this.running < this.size() && this.waiting === 0) {
      this.running++;
      return Promise.resolve(release);
    }
    const lane = this.lanes.get(owner) ?? [];
    if (this.waiting >= QUEUE_LIMITS.total || lane.length >= QUEUE_LIMITS.perOwner) {
      return Promise.reject(new AppError('TOO_MANY_REQUESTS', IMPORT_BUSY));
    }
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          clearTimeout(timer);
          resolve(release);
        },
        refuse: reject,
      };
      const timer = setTimeout(() => {
        const current = this.lanes.get(owner);
        const at = current?.indexOf(entry) ?? -1;
        if (at === -1) return;
        current!.splice(at, 1);
        if (!current!.length) this.lanes.delete(owner);
        this.waiting--;
        reject(new AppError('TOO_MANY_REQUESTS', IMPORT_BUSY));
      }, QUEUE_LIMITS.waitMs);
      lane.push(entry);
      this.lanes.set(owner, lane);
      this.waiting++;
    });
  }

  private dispatch(): void {
    while (this.running < this.size() && this.waiting > 0) {
      // The first lane in the map is the owner whose turn it is; served, it goes to the back.
      const [owner, lane] = this.lanes.entries().next().value as [string, Waiting[]];
      const next = lane.shift()!;
      this.lanes.delete(owner);
      if (lane.length) this.lanes.set(owner, lane);
      this.waiting--;
      this.running++;
      next.start();
    }
  }
}

const globalForQueue = globalThis as unknown as { factcheckImportQueue?: FairQueue };
const queue = () => (globalForQueue.factcheckImportQueue ??= new FairQueue(importPoolSize));

/**
 * Runs a job on a pool thread once one is free (taking owners in turn), with
 * its time limit counted from then. A killed or out-of-memory job becomes the
 * sentence the caller shows.
 */
async function runLimited<R>(job: Job, owner: string, timeLimitMs: number, tooSlow: string): Promise<R> {
  const release = await queue().acquire(owner);
  const controller = new AbortController();
  // The clock starts when the worker says it has begun (a thread that had to be started first, after a
  // killed one, does not eat into it); a generous outer limit covers a worker that never says so.
  const { port1, port2 } = new MessageChannel();
  let timer = setTimeout(() => controller.abort(), timeLimitMs + WORKER_START_ALLOWANCE_MS);
  port1.once('message', () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeLimitMs);
    port1.close();
  });
  try {
    return (await getPool().run(Object.assign({ started: port2 }, job), { signal: controller.signal, transferList: [port2] })) as R;
  } catch (error) {
    // Aborting a running task terminates its worker; the pool starts a fresh one.
    if (controller.signal.aborted) throw invalidInput(tooSlow);
    if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') throw invalidInput(TOO_LARGE);
    throw error;
  } finally {
    clearTimeout(timer);
    port1.close();
    release();
  }
}

/**
 * Runs one import job in the pool. The job's 10 s start when a thread takes
 * it, not while it waits. `owner` (the person importing) takes turns with
 * other people's imports. Refusals (`ok: false`) are returned; limits become
 * `AppError`s.
 */
export async function runImport(job: ImportJob, options: { timeLimitMs?: number; owner?: string } = {}): Promise<ImportJobResult> {
  if (inlineImport()) return runImportJob(job);
  return runLimited<ImportJobResult>(job, options.owner ?? '', options.timeLimitMs ?? IMPORT_TIME_LIMIT_MS, TOO_SLOW);
}

/** Looks into a file before it is imported (how many Word comments it has), with the import's limits. */
export async function inspectFile(input: InspectJob['input'], options: { owner?: string } = {}): Promise<InspectJobResult> {
  const job: InspectJob = { kind: 'inspect', input };
  if (inlineImport()) return runInspectJob(job);
  return runLimited<InspectJobResult>(job, options.owner ?? '', IMPORT_TIME_LIMIT_MS, TOO_SLOW);
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
  return runLimited<Reanchored[]>(job, 'reanchor', IMPORT_TIME_LIMIT_MS, REANCHOR_TOO_SLOW);
}

/** A revision's re-anchoring and the columns it writes, in the pool, with the same limits as reanchorOffThread. */
export async function placeRevisionOffThread(
  anchors: StoredAnchor[],
  docJson: string,
  options: RevisionJob['options'] = {},
): Promise<RevisionPlacement> {
  const job: RevisionJob = { kind: 'revision', doc: docJson, anchors, options };
  if (inlineImport()) return runRevisionJob(job);
  return runLimited<RevisionPlacement>(job, 'reanchor', IMPORT_TIME_LIMIT_MS, REANCHOR_TOO_SLOW);
}

export const RENDER_TOO_SLOW = 'Rendering this article took too long (over 10 s): try again in a minute.';

/**
 * Renders (exports, public pages, publication snapshots) run in the same pool,
 * as one more owner taking its turn with the people importing: a burst of
 * exports of a long article waits for threads, it never holds the thread
 * that answers requests.
 */
async function render<R>(job: RenderJob): Promise<R> {
  if (inlineImport()) return runRenderJob(job) as R;
  return await runLimited<R>(job, 'render', IMPORT_TIME_LIMIT_MS, RENDER_TOO_SLOW);
}

export function exportOffThread(job: Omit<ExportJob, 'kind'> & { output: 'html' }): Promise<string>;
export function exportOffThread(job: Omit<ExportJob, 'kind'> & { output: 'json' }): Promise<ExportJson>;
export function exportOffThread(job: Omit<ExportJob, 'kind'>): Promise<string | ExportJson> {
  return render({ kind: 'export', ...job });
}

export const publicPageOffThread = (job: Omit<PublicPageJob, 'kind'>): Promise<string> => render({ kind: 'public-page', ...job });

export const revisionHtmlOffThread = (docJson: string): Promise<string> => render({ kind: 'revision-page', docJson });

export const snapshotOffThread = (job: Omit<SnapshotJob, 'kind'>): Promise<string> => render({ kind: 'snapshot', ...job });

/** For tests: how many jobs the pool's threads have finished (0 before the pool starts). */
export const poolJobsDone = (): number => pool?.completed ?? 0;

/** For tests and benchmarks: stops the threads. */
export async function closeImportPool(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.destroy();
}
