// Entry point of an import worker thread (Piscina calls the default export).
// Bundled by `npm run build:workers` into .workers/import-worker.mjs.
import { runImportJob, type ImportJob, type ImportJobResult } from './import-jobs';

export default function importWorker(job: ImportJob): ImportJobResult {
  return runImportJob(job);
}
