// Browser benchmark: the production build in Chromium (Playwright's library
// API), against a real server on a fresh SQLite file, for one generated
// 52,600-word article with 0, 500 and 5,000 annotations (a fifth of them
// overlapping another). It prints, per case:
//  - opening the article: wall time from navigation start until ready, and the
//    renderer main thread's CPU meanwhile (top-level RunTask in a Chrome trace),
//    medians of BENCH_RUNS runs, each as a ratio to the 0-annotation case;
//  - DOM elements when ready; the page's bytes (HTML with its inlined RSC
//    payload, raw and gzip) and the annotation data's own size;
//  - long tasks and main-thread CPU from pressing Save on a new annotation
//    until its highlight is drawn;
//  - bytes downloaded per sync request while the page sits idle;
//  - the search results page (/search?q=…): from navigation start until the
//    results are shown and the form is hydrated (BENCH_SEARCH_RUNS rounds of
//    six queries, after a warm-up that builds the seeded database's index).
// "Ready" is `.article-view[data-highlights-ready]` when the editor sets it,
// otherwise the editor and (for N > 0) a highlight in the DOM; the output says
// which. No assertions: figures vary by ±30% between runs and machines.
//
// Env: BENCH_PORT (3300), BENCH_RUNS (3), BENCH_IDLE_SECONDS (20),
// BENCH_COUNTS (0,500,5000), CHROMIUM_PATH (/usr/bin/chromium).
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { ensureBuild, root, startServer, stopServer, tail } from './app-server';
import { launchChromium } from './chromium';
import type { SeedResult } from './seed';
import { cpuBetween, tasksAfter, type TraceEvent, type TraceTask } from './trace';

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const COUNTS = (process.env.BENCH_COUNTS ?? '0,500,5000').split(',').map(Number);
const READY_TIMEOUT = 120_000;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'];

const tmp = path.join(root, 'tests/.tmp', `bench-browser-${Date.now()}`);
const dbFile = path.join(tmp, 'bench.db');
const serverLog = path.join(tmp, 'server.log');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
const ratio = (x: number, base: number) => (base > 0 ? `${(x / base).toFixed(2)}×` : 'n/a');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Gives a failed step a message that says which step it was. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`browser bench: ${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function seed(): SeedResult {
  const out = path.join(tmp, 'seed.json');
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'tests/bench/seed.ts', dbFile, out, ...COUNTS.map(String)],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FACTCHECK_SKIP_SAMPLE: '1' },
    },
  );
  if (result.status !== 0) throw new Error(`browser bench: seeding failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as SeedResult;
}

async function signIn(browser: Browser, admin: SeedResult['admin']): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
  const state = await context.storageState();
  await page.close();
  await context.close();
  // Every measured page starts from the saved signed-in state.
  const signedIn = await browser.newContext({ viewport: { width: 1360, height: 900 }, storageState: state });
  // tsx names functions with a `__name` helper that does not exist in the page: functions passed to evaluate() may carry it.
  await signedIn.addInitScript('globalThis.__name = (f) => f;');
  return signedIn;
}

interface ReadyInfo {
  mode: 'attribute' | 'dom';
  at: number;
  attribute: string | null;
}

/** Waits for the article to be ready and returns when it was, in ms since navigation start (run in the page). */
async function waitReady(page: Page, annotations: number): Promise<ReadyInfo> {
  const handle = await page.waitForFunction(
    (n: number) => {
      const w = window as unknown as { __benchReady?: ReadyInfo };
      if (w.__benchReady) return w.__benchReady;
      const flagged = document.querySelector('.article-view[data-highlights-ready]');
      let mode: ReadyInfo['mode'] | null = null;
      if (flagged) mode = 'attribute';
      else if (document.querySelector('.ProseMirror') && (n === 0 || document.querySelector('mark.annotation-highlight'))) mode = 'dom';
      if (!mode) return false;
      performance.mark('bench-ready');
      w.__benchReady = { mode, at: performance.now(), attribute: flagged?.getAttribute('data-highlights-ready') ?? null };
      return w.__benchReady;
    },
    annotations,
    { polling: 'raf', timeout: READY_TIMEOUT },
  );
  return (await handle.jsonValue()) as ReadyInfo;
}

interface OpenResult {
  wall: number;
  /** When the network was last busy (ms since navigation start): fetches the page made on opening. */
  networkIdle: number;
  cpu: number | null;
  cpuToIdle: number | null;
  dom: number;
  marks: number;
  highlightedIds: number;
  ready: ReadyInfo;
}

async function open(
  browser: Browser,
  context: BrowserContext,
  articleId: number,
  annotations: number,
  traced: boolean,
): Promise<{ page: Page; result: OpenResult }> {
  const page = await context.newPage();
  if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let trace: Buffer | null = null;
  try {
    await step(`opening article ${articleId}`, () => page.goto(`${BASE}/articles/${articleId}`, { waitUntil: 'commit', timeout: 60_000 }));
    const ready = await step(`waiting for article ${articleId} (${annotations} annotations) to be ready`, () =>
      waitReady(page, annotations),
    );
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
    const networkIdle = await page.evaluate(() =>
      Math.max(0, ...performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).responseEnd)),
    );
    if (traced) {
      trace = await browser.stopTracing();
      traced = false;
    }
    const dom = await page.evaluate(() => {
      const marks = document.querySelectorAll('mark.annotation-highlight');
      const ids = new Set<string>();
      for (const m of marks) for (const id of (m.getAttribute('data-annotation-id') ?? '').split(/\s+/)) if (id) ids.add(id);
      return { elements: document.getElementsByTagName('*').length, marks: marks.length, ids: ids.size };
    });
    let cpu: number | null = null;
    let cpuToIdle: number | null = null;
    if (trace) {
      if (process.env.BENCH_KEEP_TRACES) fs.writeFileSync(path.join(tmp, `open-${articleId}-${Date.now()}.json`), trace);
      const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
      cpu = cpuBetween(events, 'navigationStart', 'bench-ready');
      cpuToIdle = cpuBetween(events, 'navigationStart', null);
    }
    return {
      page,
      result: {
        wall: ready.at,
        networkIdle: Math.max(ready.at, networkIdle),
        cpu,
        cpuToIdle,
        dom: dom.elements,
        marks: dom.marks,
        highlightedIds: dom.ids,
        ready,
      },
    };
  } finally {
    if (traced) await browser.stopTracing().catch(() => undefined);
  }
}

/** Bytes of the article page as a browser with the session gets it, and of the annotation data alone (the compact index the page carries). */
async function pageData(cookie: string, articleId: number) {
  const t = performance.now();
  const html = Buffer.from(
    await (await fetch(`${BASE}/articles/${articleId}`, { headers: { cookie, 'accept-encoding': 'identity' } })).arrayBuffer(),
  );
  const serverMs = performance.now() - t;
  const input = encodeURIComponent(JSON.stringify({ articleId }));
  const list = await fetch(`${BASE}/api/trpc/annotation.index?input=${input}`, {
    headers: { cookie, 'x-factcheck-client': '1', 'accept-encoding': 'identity' },
  });
  const json = Buffer.from(await list.arrayBuffer());
  // The inlined RSC payload (the page's props, annotations included) apart from the server-rendered markup.
  const rsc = [...html.toString('utf8').matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((m) => m[1].includes('self.__next_f'))
    .reduce((n, m) => n + Buffer.byteLength(m[1]), 0);
  return {
    serverMs,
    html: html.length,
    rsc,
    htmlGzip: zlib.gzipSync(html).length,
    listStatus: list.status,
    list: json.length,
    listGzip: zlib.gzipSync(json).length,
  };
}

interface IdleResult {
  seconds: number;
  requests: number;
  bytes: number;
  /** Body bytes after decompression. */
  decoded: number;
  byEndpoint: Map<string, { count: number; bytes: number; decoded: number; statuses: Set<number> }>;
  visibility: string;
}

/** Every fetch/XHR the open page makes while nothing changes, with the bytes each downloaded (headers included). */
async function idle(page: Page): Promise<IdleResult> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map<string, { endpoint: string; status?: number; decoded: number; headerBytes?: number; finished?: boolean }>();
  const byEndpoint: IdleResult['byEndpoint'] = new Map();
  let bytes = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.type !== 'Fetch' && e.type !== 'XHR') return;
    const url = new URL(e.request.url);
    const endpoint = url.pathname.startsWith('/api/trpc/')
      ? url.pathname.slice('/api/trpc/'.length)
      : url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id');
    requests.set(e.requestId, { endpoint, decoded: 0 });
  });
  let decoded = 0;
  cdp.on('Network.dataReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.decoded += e.dataLength;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.headerBytes = e.response.encodedDataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.finished = true;
    count(r, e.encodedDataLength);
  });
  function count(r: { endpoint: string; status?: number; decoded: number }, wire: number) {
    bytes += wire;
    decoded += r.decoded;
    const entry = byEndpoint.get(r.endpoint) ?? { count: 0, bytes: 0, decoded: 0, statuses: new Set<number>() };
    entry.count++;
    entry.bytes += wire;
    entry.decoded += r.decoded;
    if (r.status) entry.statuses.add(r.status);
    byEndpoint.set(r.endpoint, entry);
  }
  const visibility = await page.evaluate(() => document.visibilityState);
  await sleep(IDLE_SECONDS * 1000);
  await cdp.detach();
  // Chromium reports no loadingFinished for a 304 handed to a fetch(): what came over the wire is its headers.
  for (const r of requests.values()) if (!r.finished && r.status !== undefined) count(r, r.headerBytes ?? 0);
  const finished = [...byEndpoint.values()].reduce((n, e) => n + e.count, 0);
  return { seconds: IDLE_SECONDS, requests: finished, bytes, decoded, byEndpoint, visibility };
}

interface CreateResult {
  wall: number;
  cpu: number | null;
  cpuToSettled: number | null;
  longTasks: number;
  worstLongTask: number;
  longTasksToSettled: number;
  worstToSettled: number;
  settled: number;
  /** Every top-level task of the whole flow, from the trace. */
  tasks: TraceTask[];
  /** The new annotation. */
  drawnId: string;
  /** The whole of annotating one more claim: select, open the form, choose, save, until settled. */
  whole: { longTasks: number; worst: number; worstIn: string; over50: number };
}

/** With BENCH_PROFILE set: a CPU profile of the page's main thread (CDP's sampling profiler), written next to the server log. */
async function startProfile(page: Page): Promise<CDPSession | null> {
  if (!process.env.BENCH_PROFILE) return null;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return cdp;
}

async function stopProfile(cdp: CDPSession | null, what: string): Promise<void> {
  if (!cdp) return;
  const { profile } = await cdp.send('Profiler.stop');
  const file = path.join(tmp, `${what}-${Date.now()}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  console.log(`(CPU profile of ${what}: ${path.relative(root, file)})`);
  await cdp.detach();
}

/** Runs `steps` with the page traced (and, with BENCH_PROFILE, profiled): the trace's events. */
async function traced(browser: Browser, page: Page, what: string, steps: () => Promise<void>): Promise<TraceEvent[]> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const profiling = await startProfile(page);
  try {
    await steps();
  } catch (error) {
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  await stopProfile(profiling, what);
  const trace = await browser.stopTracing();
  if (process.env.BENCH_KEEP_TRACES) fs.writeFileSync(path.join(tmp, `${what}-${Date.now()}.json`), trace);
  return (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
}

interface ActResult {
  tasks: TraceTask[];
}

/**
 * Opening a saved annotation and acting on it: the panel closed, the
 * annotation opened again from its highlight, "Submit for review" pressed and
 * the page settled, then the panel closed. The same steps on every article (the
 * annotation is the one just created), so the empty article is the baseline.
 */
async function openAndAct(browser: Browser, page: Page, id: string): Promise<ActResult> {
  const form = page.locator('form.annotation-form');
  const phase = (name: string) => page.evaluate((name) => performance.mark(`bench-phase:${name}`), name);
  await form.getByRole('button', { name: 'Close', exact: true }).click({ timeout: 60_000 });
  await form.waitFor({ state: 'detached', timeout: 60_000 });
  const events = await traced(browser, page, 'open-and-act', async () => {
    await page.evaluate(() => performance.mark('bench-act'));
    await sleep(200);
    await phase('open');
    await page.locator(`mark[data-annotation-id~="${id}"]`).first().click({ timeout: 60_000 });
    const panel = page.locator('.annotation-panel');
    await phase('submit');
    const submitted = page.waitForResponse((r) => r.url().includes('/api/trpc/annotation.submit'), { timeout: 60_000 });
    await panel.getByRole('button', { name: 'Submit for review' }).click({ timeout: 60_000 });
    await submitted;
    await panel.getByText('In review', { exact: true }).first().waitFor({ timeout: 60_000 });
    await sleep(1000);
    await phase('close');
    await form.getByRole('button', { name: 'Close', exact: true }).click({ timeout: 60_000 });
    await panel.waitFor({ state: 'detached', timeout: 60_000 });
    await sleep(500);
  });
  return { tasks: tasksAfter(events, 'bench-act') };
}

/** The longest task of a flow by its own CPU time, and by wall time, with the step each fell in. */
function longest(tasks: TraceTask[]) {
  const byCpu = tasks.reduce<TraceTask | null>((w, t) => (!w || (t.cpu ?? 0) > (w.cpu ?? 0) ? t : w), null);
  const byWall = tasks.reduce<TraceTask | null>((w, t) => (!w || t.wall > w.wall ? t : w), null);
  return { byCpu, byWall, over50cpu: tasks.filter((t) => (t.cpu ?? 0) >= 50).length };
}

/** Where a long task fell in the flow, by the step that started before it. */
function phaseOf(start: number, phases: { name: string; at: number }[]): string {
  let name = 'before selecting';
  for (const p of phases) if (p.at <= start) name = p.name;
  return name;
}

/** The steps of annotating one more claim: select text on screen, open the form, choose, save, and wait until settled. */
async function annotateOneMore(page: Page): Promise<void> {
  await page.evaluate(() => {
    performance.mark('bench-flow');
    performance.mark('bench-phase:select');
    const w = window as unknown as {
      __bench: {
        long: { start: number; duration: number }[];
        save?: number;
        drawn?: number;
        drawnId?: string;
        phases: { name: string; at: number }[];
      };
    };
    w.__bench = { long: [], phases: [{ name: 'select', at: performance.now() }] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    const editor = document.querySelector<HTMLElement>('.ProseMirror')!;
    const before = new Set<string>();
    for (const m of editor.querySelectorAll('mark[data-annotation-id]'))
      for (const id of m.getAttribute('data-annotation-id')!.split(/\s+/)) before.add(id);
    new MutationObserver((records) => {
      if (w.__bench.drawn !== undefined || w.__bench.save === undefined) return;
      for (const r of records) {
        const candidates: Element[] = [];
        if (r.type === 'attributes' && r.target instanceof Element) candidates.push(r.target);
        for (const n of r.addedNodes) if (n instanceof Element) candidates.push(n, ...n.querySelectorAll('mark[data-annotation-id]'));
        for (const el of candidates) {
          const id = el.matches('mark[data-annotation-id]')
            ? (el.getAttribute('data-annotation-id') ?? '').split(/\s+/).find((x) => x && !before.has(x))
            : undefined;
          if (id) {
            w.__bench.drawn = performance.now();
            w.__bench.drawnId = id;
            performance.mark('bench-drawn');
            return;
          }
        }
      }
    }).observe(editor, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-annotation-id'] });
    document.addEventListener(
      'click',
      (event) => {
        const button = (event.target as Element).closest?.('button');
        if (button && /^Save/.test(button.textContent ?? '') && w.__bench.save === undefined) {
          w.__bench.save = performance.now();
          performance.mark('bench-save');
        }
      },
      true,
    );
    // A stretch inside one text node of a paragraph on screen: it starts and ends where no highlight does.
    const viewport = window.innerHeight;
    for (const p of editor.querySelectorAll('p')) {
      const box = p.getBoundingClientRect();
      if (box.top < 0 || box.bottom > viewport) continue;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (node.length < 16) continue;
        editor.focus();
        window.getSelection()!.setBaseAndExtent(node, 2, node, Math.min(node.length - 2, 40));
        return;
      }
    }
    throw new Error('no paragraph with a long enough stretch of text on screen');
  });
  // Locators stay inside the toolbar and the form: a role query over the whole page (64,000 elements and
  // 15,000 buttons with 5,000 annotations) takes seconds each time Playwright retries it.
  const toolbar = page.getByRole('toolbar', { name: 'Article tools' });
  const phase = (name: string) =>
    page.evaluate((name) => {
      performance.mark(`bench-phase:${name}`);
      (window as unknown as { __bench: { phases: { name: string; at: number }[] } }).__bench.phases.push({ name, at: performance.now() });
    }, name);
  await toolbar.getByText(/” selected$/).waitFor({ timeout: 30_000 });
  await phase('open the form');
  await toolbar.getByRole('button', { name: 'Annotate selection' }).click({ timeout: 60_000 });
  const form = page.locator('form.annotation-form');
  await phase('choose');
  await form.getByLabel('Verdict').selectOption({ index: 1 }, { timeout: 60_000 });
  await form.getByLabel('Rationale').fill('Benchmark: the council’s report gives a different figure.', { timeout: 60_000 });
  await phase('save');
  const created = page.waitForResponse((r) => r.url().includes('/api/trpc/annotation.create'), { timeout: 60_000 });
  await sleep(200);
  await form.getByRole('button', { name: /^Save/ }).click({ timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { __bench: { drawn?: number } }).__bench.drawn !== undefined, null, {
    timeout: 60_000,
    polling: 100,
  });
  await created;
  // Whatever the answer sets off (the server's copy replacing the local one) belongs to saving too.
  await sleep(1000);
}

/** Selects text near the top of the article, annotates it, and times Save until the new highlight is drawn. */
async function createAnnotation(browser: Browser, page: Page): Promise<CreateResult> {
  // Traced from the selection on: every task of the flow, with its own CPU time (see tasksAfter).
  const events = await traced(browser, page, 'create', () => annotateOneMore(page));
  const b = await page.evaluate(() => {
    const w = window as unknown as {
      __bench: {
        long: { start: number; duration: number }[];
        save: number;
        drawn: number;
        drawnId: string;
        phases: { name: string; at: number }[];
      };
    };
    return { ...w.__bench, now: performance.now() };
  });
  // A long task counts if any of it falls in the window (the click's own task began just before the listener ran).
  const inWindow = (end: number) => b.long.filter((t) => t.start + t.duration >= b.save - 1 && t.start <= end);
  const toDrawn = inWindow(b.drawn);
  // The browser reports tasks of 50 ms and more; the longest over the whole flow is the one to bring under a frame budget.
  const worst = b.long.reduce<{ start: number; duration: number } | null>((w, t) => (!w || t.duration > w.duration ? t : w), null);
  const toSettled = inWindow(b.now);
  return {
    wall: b.drawn - b.save,
    cpu: cpuBetween(events, 'bench-save', 'bench-drawn'),
    cpuToSettled: cpuBetween(events, 'bench-save', null),
    longTasks: toDrawn.length,
    worstLongTask: Math.max(0, ...toDrawn.map((t) => t.duration)),
    longTasksToSettled: toSettled.length,
    worstToSettled: Math.max(0, ...toSettled.map((t) => t.duration)),
    settled: b.now - b.save,
    tasks: tasksAfter(events, 'bench-flow'),
    drawnId: b.drawnId,
    whole: {
      longTasks: b.long.length,
      worst: worst ? worst.duration : 0,
      worstIn: worst ? phaseOf(worst.start, b.phases) : '-',
      over50: b.long.filter((t) => t.duration >= 50).length,
    },
  };
}

/** Search results pages, each a query the seeded rationales answer, with a verdict filter on every other one. */
const SEARCH_QUERIES = ['survey', 'budget', 'statistics office', 'published record', 'independent reports', 'counted'];
const SEARCH_RUNS = Math.max(1, Number(process.env.BENCH_SEARCH_RUNS ?? 5));

interface SearchOpen {
  /** ms since navigation start until the results are on screen and the search form answers (React has hydrated it). */
  interactive: number;
  results: number;
  /** Where that time went, ms since navigation start: the server's first byte and last byte (its render, search included), */
  firstByte: number;
  lastByte: number;
  /** the HTML parsed (DOMContentLoaded), the last script downloaded, */
  parsed: number;
  scripts: number;
  /** and how many scripts and bytes (uncompressed) the page loaded. */
  scriptCount: number;
  scriptBytes: number;
}

/**
 * The floors the results page stands on, opened the same way in the same context: a blank page with one input
 * (Chromium's own cost of a page on this machine) and /account (the app's layout and one small hydrated form, no search).
 */
async function openFloor(context: BrowserContext, url: string, hydrated: boolean): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    const handle = await page.waitForFunction(
      (needsReact) => {
        const box = document.querySelector('input');
        if (!box || (needsReact && !Object.keys(box).some((k) => k.startsWith('__reactProps')))) return false;
        return performance.now();
      },
      hydrated,
      { polling: 'raf', timeout: READY_TIMEOUT },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await page.close();
  }
}

/**
 * Opens /search with a query and waits until the page is interactive: the list named "Results" shows its rows and the
 * search box carries React's props (hydrated, so typing and the filters work). The server's search time is part of it.
 */
async function openSearch(
  context: BrowserContext,
  query: string,
  filtered: boolean,
  tracer?: Browser,
): Promise<SearchOpen & { trace?: TraceEvent[] }> {
  const page = await context.newPage();
  if (tracer) await tracer.startTracing(page, { categories: TRACE_CATEGORIES });
  try {
    const params = new URLSearchParams({ q: query, ...(filtered ? { status: 'draft' } : {}) });
    await page.goto(`${BASE}/search?${params}`, { waitUntil: 'commit', timeout: 60_000 });
    const handle = await page.waitForFunction(
      () => {
        const list = document.querySelector('[aria-label="Results"]');
        const box = document.querySelector('input[name="q"]');
        if (!list || !box || !Object.keys(box).some((k) => k.startsWith('__reactProps'))) return false;
        const interactive = performance.now();
        const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
          (r) => r.initiatorType === 'script',
        );
        return {
          interactive,
          results: list.querySelectorAll('li').length,
          firstByte: nav.responseStart,
          lastByte: nav.responseEnd,
          parsed: nav.domContentLoadedEventEnd,
          scripts: Math.max(0, ...scripts.map((r) => r.responseEnd)),
          scriptCount: scripts.length,
          scriptBytes: scripts.reduce((n, r) => n + r.decodedBodySize, 0),
        };
      },
      undefined,
      { polling: 'raf', timeout: READY_TIMEOUT },
    );
    const result = (await handle.jsonValue()) as SearchOpen;
    if (!tracer) return result;
    const trace = await tracer.stopTracing();
    return { ...result, trace: (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents };
  } catch (error) {
    if (tracer) await tracer.stopTracing().catch(() => undefined);
    throw error;
  } finally {
    await page.close();
  }
}

/**
 * The renderer main thread's work in a traced open of the search page, from navigation start until it was interactive:
 * top-level tasks by what they ran (the first event inside each), in ms, largest first.
 */
function mainThreadWork(events: TraceEvent[], upTo: number): { total: number; by: [string, number][] } {
  const start = events.find((e) => e.name === 'navigationStart' && e.cat.includes('blink.user_timing'));
  if (!start) return { total: 0, by: [] };
  const onThread = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;
  const end = start.ts + upTo * 1000;
  const inside = events.filter((e) => e.ph === 'X' && e.dur !== undefined && onThread(e) && e.ts >= start.ts && e.ts <= end);
  const tasks = inside.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const by = new Map<string, number>();
  let total = 0;
  let topEnd = -Infinity;
  for (const t of tasks) {
    if (t.ts < topEnd) continue;
    topEnd = t.ts + t.dur!;
    total += t.dur!;
    const child = inside
      .filter((e) => e !== t && e.ts >= t.ts && e.ts < topEnd && !e.name.includes('RunTask'))
      .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)[0];
    const what = child
      ? child.name === 'EvaluateScript' || child.name === 'v8.compile'
        ? 'script: evaluate/compile'
        : child.name
      : 'other';
    by.set(what, (by.get(what) ?? 0) + t.dur!);
  }
  return { total: total / 1000, by: [...by].map(([k, v]) => [k, v / 1000] as [string, number]).sort((a, b) => b[1] - a[1]) };
}

const ms = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x)}`);

async function main() {
  fs.mkdirSync(tmp, { recursive: true });
  const started = performance.now();
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  const stop = () => stopServer(server);
  // The server has its own process group, so Ctrl+C at the terminal does not reach it: stop it on the way out.
  const interrupted = (signal: NodeJS.Signals) => {
    stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', stop);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    ensureBuild('browser', tmp);
    const seeded = await step('seeding', async () => seed());
    server = await startServer('browser', { port: PORT, dbFile, log: serverLog });
    browser = await launchChromium();
    const b = browser;
    const context = await step('signing in', () => signIn(b, seeded.admin));
    const cookie = (await context.cookies(BASE)).map((c) => `${c.name}=${c.value}`).join('; ');

    console.log(
      `\nbrowser: production build on ${BASE}, Chromium ${browser.version()}, Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'})`,
    );
    console.log(
      `article: ${seeded.words.toLocaleString('en')} words in ${seeded.paragraphs} paragraphs; ${seeded.articles.map((a) => `${a.annotations} annotations (${a.overlapping} overlapping)`).join(', ')}; ${RUNS} timed opens each, medians`,
    );

    // Warm-up: the server's first render of each page and the browser's cache of the app's scripts.
    for (const a of seeded.articles) {
      const { page } = await open(b, context, a.id, a.annotations, false);
      await page.close();
    }
    const opens = new Map<number, OpenResult[]>(seeded.articles.map((a) => [a.id, []]));
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so that a slow spell of the machine does not land on one case only.
      for (const a of seeded.articles) {
        const { page, result } = await open(b, context, a.id, a.annotations, true);
        opens.get(a.id)!.push(result);
        await page.close();
      }
    }
    // The search results page: a warm-up (the first search builds the index of a seeded database), then timed opens.
    await step('warming up the search page', () => openSearch(context, 'survey', false));
    const searches: SearchOpen[] = [];
    const blankOpens: number[] = [];
    const accountOpens: number[] = [];
    for (let run = 0; run < SEARCH_RUNS; run++) {
      for (const [i, q] of SEARCH_QUERIES.entries())
        searches.push(await step(`searching for ${q}`, () => openSearch(context, q, i % 2 === 1)));
      // Interleaved with the searches, so that a slow spell of the machine lands on all three.
      blankOpens.push(await step('opening a blank page', () => openFloor(context, 'data:text/html,<form><input name=q></form>', false)));
      accountOpens.push(await step('opening /account', () => openFloor(context, `${BASE}/account`, true)));
    }
    const traced = await step('tracing a search', () => openSearch(context, SEARCH_QUERIES[0], false, b));
    const searchWork = mainThreadWork(traced.trace ?? [], traced.interactive);
    const data = new Map<number, Awaited<ReturnType<typeof pageData>>>();
    for (const a of seeded.articles) data.set(a.id, await step(`fetching article ${a.id}'s page`, () => pageData(cookie, a.id)));

    const idles = new Map<number, IdleResult>();
    const creates = new Map<number, CreateResult>();
    const acts = new Map<number, ActResult>();
    for (const a of seeded.articles) {
      const { page } = await open(b, context, a.id, a.annotations, false);
      idles.set(a.id, await step(`idle sync on article ${a.id}`, () => idle(page)));
      creates.set(
        a.id,
        await step(`creating an annotation on article ${a.id}`, () =>
          createAnnotation(b, page).catch(async (error: unknown) => {
            const shot = path.join(tmp, `create-${a.id}-failed.png`);
            await page.screenshot({ path: shot, timeout: 10_000 }).catch(() => undefined);
            throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot: ${path.relative(root, shot)})`);
          }),
        ),
      );
      const created = creates.get(a.id)!;
      acts.set(
        a.id,
        await step(`opening and acting on an annotation of article ${a.id}`, () =>
          openAndAct(b, page, created.drawnId).catch(async (error: unknown) => {
            const shot = path.join(tmp, `act-${a.id}-failed.png`);
            await page.screenshot({ path: shot, timeout: 10_000 }).catch(() => undefined);
            throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot: ${path.relative(root, shot)})`);
          }),
        ),
      );
      await page.close();
    }

    // The table.
    const base = seeded.articles[0];
    const summary = (id: number) => {
      const rs = opens.get(id)!;
      const cpus = rs.map((r) => r.cpu).filter((x): x is number => x !== null);
      const idleCpus = rs.map((r) => r.cpuToIdle).filter((x): x is number => x !== null);
      return {
        wall: median(rs.map((r) => r.wall)),
        idle: median(rs.map((r) => r.networkIdle)),
        cpu: cpus.length ? median(cpus) : null,
        cpuToIdle: idleCpus.length ? median(idleCpus) : null,
        last: rs[rs.length - 1],
        modes: [...new Set(rs.map((r) => r.ready.mode))].join('+'),
      };
    };
    const s0 = summary(base.id);
    const pad = (s: string, n: number) => s.padStart(n);
    console.log('\nopening the article (ms since navigation start; CPU = renderer main thread, top-level tasks)');
    console.log(
      `${'annotations'.padEnd(12)}${pad('ready', 8)}${pad('×0', 7)}${pad('CPU', 8)}${pad('×0', 7)}${pad('net idle', 10)}${pad('CPU→idle', 10)}${pad('DOM els', 9)}${pad('×0', 7)}${pad('marks', 7)}${pad('ids', 6)}  ready by`,
    );
    for (const a of seeded.articles) {
      const s = summary(a.id);
      console.log(
        `${String(a.annotations).padEnd(12)}${pad(ms(s.wall), 8)}${pad(ratio(s.wall, s0.wall), 7)}${pad(ms(s.cpu), 8)}${pad(s.cpu !== null && s0.cpu !== null ? ratio(s.cpu, s0.cpu) : 'n/a', 7)}${pad(ms(s.idle), 10)}${pad(ms(s.cpuToIdle), 10)}${pad(String(s.last.dom), 9)}${pad(ratio(s.last.dom, s0.last.dom), 7)}${pad(String(s.last.marks), 7)}${pad(String(s.last.highlightedIds), 6)}  ${s.modes}${s.last.ready.attribute !== null ? ` (${s.last.ready.attribute})` : ''}`,
      );
    }
    for (const a of seeded.articles) {
      const rs = opens.get(a.id)!;
      console.log(
        `  runs, ${a.annotations}: ready ${rs.map((r) => ms(r.wall)).join(' / ')} ms; CPU ${rs.map((r) => ms(r.cpu)).join(' / ')} ms`,
      );
    }

    const d0 = data.get(base.id)!;
    console.log('\npage data (the document response with the session cookie, uncompressed by the server; gzip computed here)');
    console.log(
      `${'annotations'.padEnd(12)}${pad('HTML', 10)}${pad('gzip', 10)}${pad('×0 gz', 7)}${pad('HTML−0', 10)}${pad('gzip−0', 10)}${pad('RSC', 10)}${pad('index JSON', 11)}${pad('gzip', 10)}${pad('server', 9)}`,
    );
    for (const a of seeded.articles) {
      const d = data.get(a.id)!;
      console.log(
        `${String(a.annotations).padEnd(12)}${pad(kb(d.html), 10)}${pad(kb(d.htmlGzip), 10)}${pad(ratio(d.htmlGzip, d0.htmlGzip), 7)}${pad(kb(d.html - d0.html), 10)}${pad(kb(d.htmlGzip - d0.htmlGzip), 10)}${pad(kb(d.rsc), 10)}${pad(d.listStatus === 200 ? kb(d.list) : `HTTP ${d.listStatus}`, 11)}${pad(kb(d.listGzip), 10)}${pad(`${Math.round(d.serverMs)} ms`, 9)}`,
      );
    }
    console.log(
      "  HTML−0: what the annotations add to the page (server-rendered markup and the inlined RSC payload); RSC: the payload's <script>s alone;",
    );
    console.log(
      '  index JSON: annotation.index, the compact index of every annotation the page carries, as the API sends it; server: time to the last byte of the HTML',
    );

    console.log(
      '\ncreating one annotation (from the click on Save until its highlight is drawn; "settled" = until 1 s after the server answered)',
    );
    console.log(
      `${'annotations'.padEnd(12)}${pad('wall', 8)}${pad('CPU', 8)}${pad('long tasks', 12)}${pad('worst', 8)}${pad('settled', 9)}${pad('CPU', 8)}${pad('long tasks', 12)}${pad('worst', 8)}`,
    );
    for (const a of seeded.articles) {
      const c = creates.get(a.id)!;
      console.log(
        `${String(a.annotations).padEnd(12)}${pad(ms(c.wall), 8)}${pad(ms(c.cpu), 8)}${pad(String(c.longTasks), 12)}${pad(ms(c.worstLongTask), 8)}${pad(ms(c.settled), 9)}${pad(ms(c.cpuToSettled), 8)}${pad(String(c.longTasksToSettled), 12)}${pad(ms(c.worstToSettled), 8)}`,
      );
    }
    console.log(
      '\nannotating one more claim, the whole flow (select, open the form, choose, save, until settled): long tasks (50 ms and over)',
    );
    for (const a of seeded.articles) {
      const { whole } = creates.get(a.id)!;
      console.log(
        `${String(a.annotations).padEnd(12)}${whole.longTasks} long tasks; longest ${ms(whole.worst)} ms (${whole.worstIn})${whole.over50 === 0 ? '; every task under 50 ms' : ''}`,
      );
    }

    console.log(
      '\nthe longest task of each flow (top-level tasks of the main thread, from a trace): its own CPU time, which a loaded machine inflates',
    );
    console.log(
      '  less than the wall time the long-task observer reports; ×0 = against the same flow on the empty article in this run; budget 50 ms',
    );
    console.log(
      `${'annotations'.padEnd(12)}${'flow'.padEnd(34)}${pad('CPU', 7)}${pad('×0', 7)}  ${'in step'.padEnd(16)}${pad('wall', 7)}${pad('×0', 7)}  ${'in step'.padEnd(16)}${pad('≥50 ms CPU', 11)}`,
    );
    const flows: [string, (id: number) => TraceTask[]][] = [
      ['annotate one more claim', (id) => creates.get(id)!.tasks],
      ['open one, submit it, close it', (id) => acts.get(id)!.tasks],
    ];
    for (const [flow, tasksOf] of flows) {
      const l0 = longest(tasksOf(base.id));
      for (const a of seeded.articles) {
        const l = longest(tasksOf(a.id));
        const cpu = l.byCpu?.cpu ?? null;
        const cpu0 = l0.byCpu?.cpu ?? null;
        console.log(
          `${String(a.annotations).padEnd(12)}${flow.padEnd(34)}${pad(ms(cpu), 7)}${pad(cpu !== null && cpu0 !== null ? ratio(cpu, cpu0) : 'n/a', 7)}  ${(l.byCpu?.phase ?? '-').padEnd(16)}${pad(ms(l.byWall?.wall ?? null), 7)}${pad(ratio(l.byWall?.wall ?? 0, l0.byWall?.wall ?? 0), 7)}  ${(l.byWall?.phase ?? '-').padEnd(16)}${pad(String(l.over50cpu), 11)}`,
        );
      }
    }

    console.log(
      `\nidle sync (all fetch/XHR over ${IDLE_SECONDS} s with the page open and nothing changing; bytes on the wire, headers included; decoded = bodies uncompressed)`,
    );
    for (const a of seeded.articles) {
      const i = idles.get(a.id)!;
      const parts = [...i.byEndpoint.entries()].map(
        ([endpoint, e]) =>
          `${endpoint} ×${e.count} ${kb(e.bytes / e.count)} each (${kb(e.decoded / e.count)} decoded) [${[...e.statuses].join(',')}]`,
      );
      console.log(
        `${String(a.annotations).padEnd(12)}${pad(String(i.requests), 3)} requests, ${pad(kb(i.bytes), 9)} in all, ${pad(i.requests ? kb(i.bytes / i.requests) : 'n/a', 9)} per request${i.visibility === 'visible' ? '' : ` (page ${i.visibility}!)`}: ${parts.join('; ') || 'none'}`,
      );
    }

    const interactive = searches.map((x) => x.interactive);
    const sortedSearch = [...interactive].sort((x, y) => x - y);
    console.log(
      `\nsearch results page (${searches.length} opens of /search?q=… over ${seeded.articles.reduce((n, a) => n + a.annotations, 0)} annotations, ${searches[0]?.results ?? 0}+ results each): interactive (results shown, form hydrated) median ${ms(median(interactive))} ms, p95 ${ms(sortedSearch[Math.floor(sortedSearch.length * 0.95)])} ms, worst ${ms(sortedSearch[sortedSearch.length - 1])} ms (target ≤ 300 ms)`,
    );
    console.log(
      `  floors, same run (median): a blank page with one input ${ms(median(blankOpens))} ms; /account (the app's layout and one hydrated form) ${ms(median(accountOpens))} ms; the results page is ×${(median(interactive) / median(accountOpens)).toFixed(2)} the app's floor`,
    );
    const part = (key: keyof SearchOpen) => ms(median(searches.map((x) => x[key])));
    console.log(
      `  where it went (medians, ms since navigation start): server's first byte ${part('firstByte')}, last byte ${part('lastByte')}, HTML parsed ${part('parsed')}, last script loaded ${part('scripts')} (${part('scriptCount')} scripts, ${kb(median(searches.map((x) => x.scriptBytes)))} uncompressed), hydrated ${part('interactive')}; load average ${os.loadavg()[0].toFixed(1)}`,
    );
    console.log(
      `  one traced open: interactive at ${ms(traced.interactive)} ms, of which the renderer's main thread worked ${ms(searchWork.total)} ms: ${searchWork.by
        .slice(0, 6)
        .map(([what, t]) => `${what} ${ms(t)}`)
        .join(', ')} (the rest: waiting for the server, the network or a CPU)`,
    );

    const last = seeded.articles[seeded.articles.length - 1];
    const sl = summary(last.id);
    const dl = data.get(last.id)!;
    const il = idles.get(last.id)!;
    console.log(
      `\nratios, ${last.annotations} / 0 annotations: ready ${ratio(sl.wall, s0.wall)}, CPU ${sl.cpu !== null && s0.cpu !== null ? ratio(sl.cpu, s0.cpu) : 'n/a'}, DOM ${ratio(sl.last.dom, s0.last.dom)}, page gzip ${ratio(dl.htmlGzip, d0.htmlGzip)}`,
    );
    console.log(
      `idle: ${il.requests ? kb(il.bytes / il.requests) : 'n/a'} per sync request on the wire (${il.requests ? kb(il.decoded / il.requests) : 'n/a'} decoded) with ${last.annotations} annotations; ${kb((il.bytes / il.seconds) * 60)} a minute`,
    );
    console.log(`browser bench took ${((performance.now() - started) / 1000).toFixed(0)} s; server log: ${path.relative(root, serverLog)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    if (server) console.error(`the end of the server log (${serverLog}):\n${tail(serverLog, 20)}`);
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    stop();
    process.off('exit', stop);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

export const done = main();
