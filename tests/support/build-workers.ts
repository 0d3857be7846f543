// Vitest global setup: the import worker pool loads .workers/import-worker.mjs,
// so build it from the current sources before any test runs.
import { execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  execSync('npm run --silent build:workers', { cwd: root, stdio: 'inherit' });
}
