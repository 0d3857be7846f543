import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  resolve: {
    alias: {
      '@': root,
      'server-only': path.join(root, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Builds the import worker (.workers/import-worker.mjs) that the pool runs.
    globalSetup: ['tests/support/build-workers.ts'],
    pool: 'forks',
    // Integration tests import through the worker pool and write a real SQLite file: on a loaded 2-core machine 5 s is not enough.
    testTimeout: 20_000,
  },
});
