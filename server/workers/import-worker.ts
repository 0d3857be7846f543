// Entry point of an import worker thread (Piscina calls the default export).
// Bundled by `npm run build:workers` into .workers/import-worker.mjs.
import type { Reanchored } from '@/server/domain/reanchor';
import { runImportJob, runReanchorJob, type ImportJob, type ImportJobResult, type ReanchorJob } from './import-jobs';

export default function importWorker(job: ImportJob | ReanchorJob): ImportJobResult | Reanchored[] {
  return job.kind === 'reanchor' ? runReanchorJob(job) : runImportJob(job);
}
