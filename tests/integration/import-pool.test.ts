// Imports through the worker pool: the limits are enforced there, the
// refusals reach the caller in words, and other jobs keep being answered.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainTextOf } from '@/server/domain/plain-text';
import { AppError } from '@/server/errors';
import { documentOf, fromText, fromUrl } from '@/server/services/article-sources';
import { TOO_SLOW, closeImportPool, runImport } from '@/server/workers/import-pool';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';

process.env.FACTCHECK_FETCH_ALLOW = '127.0.0.1';

const story = (paragraph: string, count: number) =>
  `<!doctype html><html><head><title>Big story</title></head><body><nav>Home</nav><article><h1>Big story</h1>${`<p>${paragraph}</p>`.repeat(count)}</article></body></html>`;

const PAGES: Record<string, string> = {
  // 2.6 MB of page, nearly all of it article (under the 5 MB fetch limit, over the 2 MB article limit).
  '/huge': story('The council approved the budget after a long debate about roads and buses and schools. '.repeat(10), 3_000),
  '/deep': `<!doctype html><title>Deep</title><body>${'<div>'.repeat(1000)}deep text${'</div>'.repeat(1000)}`,
  '/fine': story('The council approved the budget after a long debate about roads, buses and schools.', 5),
};

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGES[request.url ?? ''] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await closeImportPool();
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('BAD_REQUEST');
  return (error as AppError).message;
}

describe('imports in the worker pool', () => {
  it('imports a normal article, as a document the app can store', async () => {
    const { title, body } = await fromText({ text: CREDIT_ARTICLE_TEXT });
    expect(title).toBeTruthy();
    // Serialised in the worker, and the same as the app would make of the document.
    const doc = documentOf(body);
    expect(body.plainText).toBe(plainTextOf(doc));
    expect(body.plainText.length).toBeGreaterThan(500);
  });

  it('imports a page by address', async () => {
    const result = await fromUrl(`${base}/fine`);
    expect(result.title).toBe('Big story');
    expect(result.sourceUrl).toBe(`${base}/fine`);
  });

  it('applies the 2 MB article limit after extraction too', { timeout: 15_000 }, async () => {
    expect(Buffer.byteLength(PAGES['/huge'])).toBeGreaterThan(2.5 * 1024 * 1024);
    expect(await refusal(fromUrl(`${base}/huge`))).toBe('The article on that page is larger than 2 MB of text');
  });

  it('refuses a page nested 1,000 deep before jsdom reads it', async () => {
    expect(await refusal(fromUrl(`${base}/deep`))).toBe('This page is nested too deeply to import (more than 200 levels)');
  });

  it('refuses Markdown quoted 2,000 deep in words', async () => {
    expect(await refusal(fromText({ text: `${'>'.repeat(2000)} deep`, format: 'markdown' }))).toMatch(
      /^This Markdown is nested too deeply to import/,
    );
  });

  it('kills a job over its time limit, while another job is answered', { timeout: 15_000 }, async () => {
    // Two threads started, so that neither job waits for a thread to load.
    const warm = { kind: 'text', input: { text: 'Title\n\nBody' } } as const;
    await Promise.all([runImport(warm), runImport(warm)]);
    const order: string[] = [];
    const slow = refusal(
      runImport({ kind: 'text', input: { text: '*a'.repeat(300_000), format: 'markdown' } }, { timeLimitMs: 3_000 }).finally(() =>
        order.push('slow'),
      ),
    );
    const quick = runImport({ kind: 'text', input: { text: CREDIT_ARTICLE_TEXT } }).finally(() => order.push('quick'));
    expect((await quick).ok).toBe(true);
    expect(await slow).toBe(TOO_SLOW);
    expect(order).toEqual(['quick', 'slow']);
    // The pool replaced the killed worker.
    expect((await runImport(warm)).ok).toBe(true);
  });

  it('counts a job’s time from when a thread takes it, and takes people in turn', { timeout: 30_000 }, async () => {
    const warm = { kind: 'text', input: { text: 'Title\n\nBody' } } as const;
    await Promise.all([runImport(warm), runImport(warm)]);
    const slow = { kind: 'text', input: { text: '*a'.repeat(300_000), format: 'markdown' } } as const;
    const order: string[] = [];
    // One person's three slow imports fill both threads and queue a third; another person's small one comes after.
    const hers = [1, 2, 3].map((n) =>
      runImport(slow, { timeLimitMs: 2_500, owner: 'mallory' })
        .catch((e: unknown) => e)
        .finally(() => order.push(`slow ${n}`)),
    );
    const mine = runImport({ kind: 'text', input: { text: CREDIT_ARTICLE_TEXT } }, { timeLimitMs: 2_500, owner: 'ada' }).finally(() =>
      order.push('quick'),
    );
    // It waited 2.5 s for a thread, yet its own limit was not spent waiting.
    expect((await mine).ok).toBe(true);
    await Promise.all(hers);
    // And it ran before the third slow import, although that was queued first.
    expect(order.indexOf('quick')).toBeLessThan(order.indexOf('slow 3'));
  });
});
