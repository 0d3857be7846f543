// Hostile input is refused in words, and while the server works on it the other
// reviewers keep being answered: imports run in worker threads, with a time
// limit, after cheap depth checks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { mutation } from './api';

let server: http.Server;
let deepUrl = '';
test.beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(1000)}A story at the bottom of a well.${'</div>'.repeat(1000)}</body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  deepUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deep`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Outcome = Awaited<ReturnType<typeof mutation>>;

/**
 * Sends the heavy request, then, from a second client signed in as the admin,
 * simple requests one after the other (each started after the heavy one),
 * until three have been answered or the heavy one is done. Records the order
 * in which they finished.
 */
async function whileHeavy(baseURL: string, heavy: () => Promise<Outcome>): Promise<{ outcome: Outcome; order: string[] }> {
  const order: string[] = [];
  const second: APIRequestContext = await playwrightRequest.newContext({ baseURL, storageState: process.env.E2E_ADMIN_STATE });
  let done = false;
  const pending = heavy().finally(() => {
    done = true;
    order.push('heavy');
  });
  while (!done && order.filter((o) => o === 'simple').length < 3) {
    const response = await second.get('/api/trpc/verdict.list');
    expect(response.status()).toBe(200);
    if (!done) order.push('simple');
  }
  const outcome = await pending;
  await second.dispose();
  return { outcome, order };
}

function refusedWith(outcome: Outcome, message: string) {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.status).toBe(400);
  expect(outcome.message).toBe(message);
}

test('pathological Markdown emphasis is stopped at the time limit while other requests are answered', async ({ request, baseURL }) => {
  // 1 MB of "*a": minutes of work for the Markdown parser (45 s at 400 KB in the issue), far over the 10 s limit on any machine.
  const { outcome, order } = await whileHeavy(baseURL!, () =>
    mutation(request, 'article.import', { text: '*a'.repeat(500_000), format: 'markdown' }),
  );
  refusedWith(outcome, 'This page is too complex to import (took over 10 s)');
  // Three requests, each sent after the import, were answered before it finished.
  expect(order).toEqual(['simple', 'simple', 'simple', 'heavy']);
});

test('a page nested 1,000 deep is refused before it is parsed, and the server keeps answering', async ({ request, baseURL }) => {
  const { outcome, order } = await whileHeavy(baseURL!, () => mutation(request, 'article.importUrl', { url: deepUrl }));
  refusedWith(outcome, 'This page is nested too deeply to import (more than 200 levels)');
  expect(order).toContain('heavy');
});

test('Markdown quoted 2,000 deep is refused in words, not with a stack overflow', async ({ request, baseURL }) => {
  const { outcome, order } = await whileHeavy(baseURL!, () =>
    mutation(request, 'article.import', { text: `${'>'.repeat(2000)} deep`, format: 'markdown' }),
  );
  refusedWith(outcome, 'This Markdown is nested too deeply to import (more than 100 levels of quotes or lists)');
  expect(order).toContain('heavy');
});
