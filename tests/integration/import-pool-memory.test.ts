// Its own file, so its own process and pool: the heap limit is read when the pool starts.
import { afterAll, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { TOO_LARGE, closeImportPool, runImport } from '@/server/workers/import-pool';

// A small heap, so that the test does not need gigabytes.
process.env.FACTCHECK_IMPORT_MEMORY_MB = '64';
afterAll(() => closeImportPool());

it('kills a job over its memory limit and says so', { timeout: 20_000 }, async () => {
  const html = `<title>Heavy</title><body>${'<p><b>x</b><i>y</i></p>'.repeat(400_000)}`;
  const error = await runImport({ kind: 'page', html, finalUrl: 'http://127.0.0.1/heavy' }, { timeLimitMs: 15_000 }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).message).toBe(TOO_LARGE);
  // The pool replaced the killed worker.
  expect((await runImport({ kind: 'text', input: { text: 'Title\n\nBody' } })).ok).toBe(true);
});
