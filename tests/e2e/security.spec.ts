// What the browser is told about every response (CSP, framing, sniffing,
// referrers, devices), and the requests the server refuses before any work:
// another host name (DNS rebinding), another site's query, another site's frame.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { annotate, expectAllSaved, startReviewing } from './helpers';
import { importArticle } from './api';

function expectSecurityHeaders(headers: Record<string, string>) {
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  const permissions = headers['permissions-policy'] ?? '';
  for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) expect(permissions).toContain(feature);
}

/** The page's CSP: scripts only by this response's nonce, no eval, no inline script, no framing. */
function expectAppPolicy(headers: Record<string, string>): string {
  const csp = headers['content-security-policy'] ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  return /'nonce-([^']+)'/.exec(scriptSrc)![1];
}

/** Collects what the browser blocked under the CSP, to prove the app needs nothing it forbids. */
function watchViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('the editor, settings and export pages carry the security headers; the app runs under its CSP', async ({ page }) => {
  const violations = watchViolations(page);
  const { id } = await importArticle(page.request, {
    title: 'Headers check',
    text: 'Headers check\n\nThe harbour holds 400 boats, the mayor said on Monday.',
  });

  const editorResponse = (await page.goto(`/articles/${id}`))!;
  const editorHeaders = editorResponse.headers();
  expectSecurityHeaders(editorHeaders);
  const nonce = expectAppPolicy(editorHeaders);
  // Next.js put this response's nonce on its own scripts...
  // (every <script> the server sent; the chunks those load need none under 'strict-dynamic')
  const scriptTags = (await editorResponse.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
  // ...and the editor hydrated and saves: the CSP blocks nothing the app needs.
  await startReviewing(page);
  await annotate(page, {
    exact: '400 boats',
    verdict: 'False',
    rationale: 'The port register lists 212.',
    evidence: [{ url: 'https://example.org/register', title: 'Port register' }],
  });
  await expectAllSaved(page);

  const settingsResponse = (await page.goto('/settings'))!;
  expectSecurityHeaders(settingsResponse.headers());
  const settingsNonce = expectAppPolicy(settingsResponse.headers());
  expect(settingsNonce).not.toBe(nonce); // a fresh nonce per response
  await expect(page.getByRole('textbox', { name: 'Organisation name' })).toBeVisible();

  const exportResponse = await page.request.get(`/articles/${id}/export`);
  expect(exportResponse.status()).toBe(200);
  const exportHeaders = exportResponse.headers();
  expectSecurityHeaders(exportHeaders);
  // The export keeps its own policy: no script at all, not the app's nonce policy.
  expect(exportHeaders['content-security-policy']).toContain("default-src 'none'");
  expect(exportHeaders['content-security-policy']).not.toContain('nonce-');
  expect(exportHeaders['content-security-policy']).not.toContain('script-src');

  // API answers carry them too.
  expectSecurityHeaders((await page.request.get('/api/trpc/article.list')).headers());
  expect(violations).toEqual([]);
});

test('a page on another origin cannot frame the editor', async ({ page, baseURL }) => {
  const port = new URL(baseURL!).port;
  // localhost, not 127.0.0.1: another origin than the framing page's, and one the app answers to.
  const target = `http://localhost:${port}/sign-in`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Framer</title><h1>Framer</h1>` +
        `<iframe id="victim" title="Victim" src="${target}" width="800" height="600" onload="this.dataset.loaded = 'yes'"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const framer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const framed = page.waitForResponse((r) => r.url() === target);
    await page.goto(framer);
    // The app did answer the frame's request (so the frame was really tried)...
    expect((await framed).status()).toBe(200);
    // The frame finished loading (the browser fires load for a refused frame too: it shows its error page)...
    await expect(page.locator('#victim')).toHaveAttribute('data-loaded', 'yes');
    // ...but the browser refused to show it: the frame is not the app.
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(frame).toBeTruthy();
    expect(frame.url()).not.toBe(target);
    const appInFrame = await frame.evaluate(() => document.querySelector('.app-header') !== null).catch(() => false);
    expect(appInFrame).toBe(false);
  } finally {
    server.close();
  }
});

/** Sends a request with headers Playwright's request API would rewrite (Host), straight through node. */
function rawGet(baseURL: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a request addressed to another host name (DNS rebinding) is refused, pages and API alike', async ({ baseURL }) => {
  const rebinding = { host: 'rebind.evil.example:3931', origin: 'http://rebind.evil.example:3931' };
  for (const path of ['/', '/api/trpc/article.list', '/settings']) {
    const refused = await rawGet(baseURL!, path, rebinding);
    expect([421, 403], path).toContain(refused.status);
    expect(refused.body).toBe('Refused: this server does not answer to that host name');
  }
  const forwarded = await rawGet(baseURL!, '/api/trpc/article.list', {
    host: new URL(baseURL!).host,
    'x-forwarded-host': 'rebind.evil.example',
  });
  expect(forwarded.status).toBe(421);
  // The names it does answer to still work.
  expect((await rawGet(baseURL!, '/sign-in', { host: `localhost:${new URL(baseURL!).port}` })).status).toBe(200);
});

async function expectRefusedQuery(response: APIResponse) {
  expect(response.status()).toBe(403);
  const body = await response.json();
  expect(body.error.message).toBe('Refused: this request came from another site');
  expect(body.error.data.code).toBe('FORBIDDEN');
}

test('a query another site asks for is refused; the app’s own client is not', async ({ page }) => {
  const list = '/api/trpc/article.list';
  await expectRefusedQuery(await page.request.get(list, { headers: { 'sec-fetch-site': 'cross-site' } }));
  await expectRefusedQuery(await page.request.get(list, { headers: { 'sec-fetch-site': 'same-site', 'x-factcheck-client': '1' } }));
  // A browser's plain GET (a link, an <img>, a fetch without the client's header) is refused too.
  await page.goto('/');
  const plain = await page.evaluate(async (url) => (await fetch(url)).status, list);
  expect(plain).toBe(403);
  const fromClient = await page.evaluate(async (url) => (await fetch(url, { headers: { 'x-factcheck-client': '1' } })).status, list);
  expect(fromClient).toBe(200);
  // Tools that say nothing of where they come from (scripts, these tests' API helpers) still read.
  expect((await page.request.get(list)).status()).toBe(200);
});
