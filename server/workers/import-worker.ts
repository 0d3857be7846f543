// Entry point of an import worker thread (Piscina calls the default export).
// Bundled by `npm run build:workers` into .workers/import-worker.mjs.
import type { MessagePort } from 'node:worker_threads';
import { runImportJob, runInspectJob, runReanchorJob, type PoolJob, type PoolResult } from './import-jobs';

/** `started`, when given, hears the moment the work begins: the pool's time limit counts from then. */
export default function importWorker(job: PoolJob & { started?: MessagePort }): Promise<PoolResult> | PoolResult {
  const { started, ...work } = job;
  started?.postMessage('started');
  started?.close();
  const task = work as PoolJob;
  if (task.kind === 'reanchor') return runReanchorJob(task);
  return task.kind === 'inspect' ? runInspectJob(task) : runImportJob(task);
}
