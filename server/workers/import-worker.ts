// Entry point of an import worker thread (Piscina calls the default export).
// Bundled by `npm run build:workers` into .workers/import-worker.mjs.
import type { MessagePort } from 'node:worker_threads';
import { runImportJob, runInspectJob, runReanchorJob, runRevisionJob, type PoolJob, type PoolResult } from './import-jobs';
import { runRenderJob } from './render-jobs';
import { lowerPriority } from './priority';

// Runs below the request thread's priority (see priority.ts).
lowerPriority();

/** `started`, when given, hears the moment the work begins: the pool's time limit counts from then. */
export default function importWorker(job: PoolJob & { started?: MessagePort }): Promise<PoolResult> | PoolResult {
  const { started, ...work } = job;
  started?.postMessage('started');
  started?.close();
  const task = work as PoolJob;
  if (task.kind === 'reanchor') return runReanchorJob(task);
  if (task.kind === 'revision') return runRevisionJob(task);
  if (task.kind === 'export' || task.kind === 'public-page' || task.kind === 'snapshot' || task.kind === 'revision-page')
    return runRenderJob(task);
  return task.kind === 'inspect' ? runInspectJob(task) : runImportJob(task);
}
