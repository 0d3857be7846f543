// Entry point of an import worker thread (Piscina calls the default export).
// Bundled by `npm run build:workers` into .workers/import-worker.mjs.
import type { MessagePort } from 'node:worker_threads';
import type { Reanchored } from '@/server/domain/reanchor';
import {
  runImportJob,
  runInspectJob,
  runReanchorJob,
  type ImportJob,
  type ImportJobResult,
  type InspectJob,
  type InspectJobResult,
  type ReanchorJob,
} from './import-jobs';

/** `started`, when given, hears the moment the work begins: the pool's time limit counts from then. */
export default function importWorker(
  job: (ImportJob | ReanchorJob | InspectJob) & { started?: MessagePort },
): Promise<ImportJobResult | InspectJobResult> | Reanchored[] {
  const { started, ...work } = job;
  started?.postMessage('started');
  started?.close();
  const task = work as ImportJob | ReanchorJob | InspectJob;
  if (task.kind === 'reanchor') return runReanchorJob(task);
  return task.kind === 'inspect' ? runInspectJob(task) : runImportJob(task);
}
