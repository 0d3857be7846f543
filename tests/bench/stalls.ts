// Big articles must not stall the desk: the production server on a fresh
// SQLite file, a cheap read (the annotation list of a short article) probed
// every 100 ms over HTTP, each probe on its own (they overlap when one waits),
// and what the desk does meanwhile:
//  - idle: nothing else (the baseline, measured in the same run);
//  - pages: five opens at once of a ~2 MB article's editor page, twice (the
//    page and, when the page fetches it apart, the article's document);
//  - paste: a ~2 MB Markdown paste imported, then the same as HTML;
//  - revision: a new revision of the big article (300 annotations
//    re-anchored), its earlier revision's page opened twice, and the first
//    annotation saved on the new text;
//  - export: the big article's annotated HTML export (drafts included, so
//    every annotation is marked), three at once, then its JSON export;
// each printed as the probe's p50 / p99 / worst, and p99 against the idle
// baseline (target p99 ≤ 200 ms). Then a 5 KB import while two adversarial
// 33 KB pages import (`<div/>` ×5,400, and other slow-but-allowed shapes):
// each import's time and answer (target: the 5 KB one succeeds). Last, the
// two pastes again with the server started with FACTCHECK_SQLITE_WRITER_THREAD=0
// (whole-article transactions on the request thread, as before
// db/sqlite-thread.ts), then with the writer thread once more, against the
// same idle baseline.
// Env: BENCH_PORT (3310), BENCH_PROBE_MS (100); BENCH_CPU_PROF=<dir> writes
// the server's CPU profiles there (node --cpu-prof), to see what still holds
// the request thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { openAppDatabase } from '@/server/database';
import { createPasswordUser } from '@/server/auth/accounts';
import { importArticle } from '@/server/import';
import { insertArticle } from '@/server/services/articles';
import { createAnnotation } from '@/server/services/annotations';
import type { articleDocFromJSON } from '@/server/domain/article-schema';
import type { Actor } from '@/server/domain/roles';
import { randomUUID } from 'node:crypto';
import { withTx } from '@/server/services/transaction';
import { closeDatabase } from '@/db/client';
import { bigArticleHtml, bigArticleMarkdown } from '../fixtures/big-article';
import { CREDIT_ARTICLE_TEXT } from '../fixtures';
import { ensureBuild, root, startServer, stopServer, tail } from './app-server';

const PORT = Number(process.env.BENCH_PORT ?? 3310);
const BASE = `http://127.0.0.1:${PORT}`;
const PROBE_MS = Number(process.env.BENCH_PROBE_MS ?? 100);
const tmp = path.join(root, 'tests/.tmp', `bench-stalls-${Date.now()}`);
const dbFile = path.join(tmp, 'bench.db');
const serverLog = path.join(tmp, 'server.log');
const ADMIN = { name: 'Stall Bench Admin', email: 'stall-bench@example.org', password: 'stall-bench-password-1234' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : Number.NaN;
};
const f0 = (x: number) => x.toFixed(0).padStart(6);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Where the big article's annotations go: a few words of every so many paragraphs. */
function spans(doc: ReturnType<typeof articleDocFromJSON>, count: number): { from: number; to: number; exact: string }[] {
  const blocks: { pos: number; size: number }[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'paragraph' && node.textContent.length > 60) blocks.push({ pos: pos + 1, size: node.content.size });
    return !node.isTextblock;
  });
  const step = Math.max(1, Math.floor(blocks.length / count));
  return blocks
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map(({ pos, size }) => {
      const from = pos + Math.min(5, size - 30);
      const to = from + 24;
      return { from, to, exact: doc.textBetween(from, to) };
    })
    .filter((s) => s.exact.trim().length > 0 && !s.exact.startsWith(' ') && !s.exact.endsWith(' '));
}

export const BIG_ANNOTATIONS = 300;

async function seed(): Promise<{ shortId: number; bigId: number; bigBytes: number; annotated: number }> {
  const db = await openAppDatabase(dbFile);
  const adminId = await createPasswordUser(db, { ...ADMIN, role: 'admin' });
  const actor: Actor = { id: adminId, name: ADMIN.name, role: 'admin' };
  const short = importArticle({ text: CREDIT_ARTICLE_TEXT });
  const markdown = bigArticleMarkdown();
  const big = importArticle({ text: markdown, format: 'markdown' });
  const ids = await withTx(db, async (tx) => ({
    shortId: (await insertArticle(tx, short)).id,
    bigId: (await insertArticle(tx, { ...big, title: `${big.title} (2 MB)` })).id,
  }));
  // Annotations on the big article, so that a revision re-anchors and an export marks something.
  const places = spans(big.doc, BIG_ANNOTATIONS);
  for (const anchor of places)
    await createAnnotation(db, actor, {
      id: randomUUID(),
      articleId: ids.bigId,
      anchor,
      verdict: 'mixed',
      rationale: 'Partly right: the figure is from another year.',
      evidence: [{ url: 'https://example.org/report', title: 'The report', excerpt: null }],
      claimSummary: '',
      claimAuthor: null,
      claimAppearanceUrl: null,
      claimAppearanceDate: null,
    });
  closeDatabase(db);
  return { ...ids, bigBytes: Buffer.byteLength(markdown), annotated: places.length };
}

async function signIn(): Promise<string> {
  const response = await fetch(`${BASE}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  if (!response.ok) throw new Error(`stalls bench: sign-in answered ${response.status}: ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * CPU seconds used so far by the server's processes (Linux /proc, ticks of
 * 10 ms): in all, and by their main threads alone (the threads that answer
 * requests; import workers are other threads). Figures that the machine's
 * load does not inflate, unlike latencies.
 */
function serverCpu(group: number): { all: number; main: number } {
  const read = (file: string) => {
    // Fields after the command's closing parenthesis: state ppid pgrp … utime (14th) stime (15th).
    const stat = fs.readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { group: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
  };
  let all = 0;
  let main = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const process = read(`/proc/${pid}/stat`);
      if (process.group !== group) continue;
      all += process.ticks;
      main += read(`/proc/${pid}/task/${pid}/stat`).ticks;
    } catch {
      /* gone meanwhile */
    }
  }
  return { all: all / 100, main: main / 100 };
}

/**
 * The server, and how to start it again. On this shared machine it was
 * stopped from outside mid-run (connection refused, no word in its log) in
 * about half the runs; it is then started again on the same database (the
 * sessions are there, so the cookie still holds) and the request sent again,
 * and the scenario it happened in is marked as not comparable.
 */
let server: ChildProcess | null = null;
let restart: (() => Promise<void>) | null = null;
let restarts = 0;
let restarting: Promise<void> | null = null;

/**
 * fetch, sent again when the connection was reset before an answer: undici may
 * reuse a kept-alive socket the server is closing just then, which says
 * nothing about the app. Each retry is counted and printed.
 */
let resets = 0;
async function send(url: string | URL, init?: RequestInit): Promise<Response> {
  for (let tries = 0; ; tries++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      // A request that was on its way to the server being replaced waits for the new one.
      if (restarting && tries < 6) {
        await restarting;
        continue;
      }
      if (code === 'ECONNREFUSED' && restart && tries < 6) {
        if (!restarting) {
          restarts++;
          console.log(`(the server stopped: exit code ${server?.exitCode}, signal ${server?.signalCode}; starting it again)`);
          restarting = restart().finally(() => {
            restarting = null;
          });
        }
        await restarting;
        continue;
      }
      if (tries >= 3 || (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET')) throw error;
      resets++;
    }
  }
}

const trpcHeaders = (cookie: string) => ({ cookie, 'x-factcheck-client': '1', origin: BASE });

/** Probes the cheap read every PROBE_MS until stopped; resolves with each probe's latency. */
function probe(cookie: string, articleId: number): { stop: () => Promise<number[]> } {
  const url = `${BASE}/api/trpc/annotation.list?input=${encodeURIComponent(JSON.stringify({ articleId }))}`;
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  const once = () => {
    const t = performance.now();
    const run = send(url, { headers: trpcHeaders(cookie) })
      .then(async (r) => {
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`probe answered ${r.status}`);
        latencies.push(performance.now() - t);
      })
      .finally(() => pending.delete(run));
    pending.add(run);
  };
  once();
  const timer = setInterval(once, PROBE_MS);
  // A run that failed midway still ends.
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(pending);
      return latencies;
    },
  };
}

/** One open of the editor page as a browser makes it: the HTML, then the document if the page loads it apart. */
async function openPage(cookie: string, articleId: number): Promise<{ ms: number; bytes: number; page: number; status: number }> {
  const t = performance.now();
  const page = await send(`${BASE}/articles/${articleId}`, { headers: { cookie, 'accept-encoding': 'gzip' } });
  const html = await page.text();
  const pageBytes = Buffer.byteLength(html);
  let bytes = pageBytes;
  const documentUrl = /data-document-url="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  if (documentUrl) {
    let doc = await send(new URL(documentUrl, BASE), { headers: { ...trpcHeaders(cookie), 'accept-encoding': 'gzip' } });
    // "Busy" (the cap on long articles in flight): asked again when the server says, as the page does.
    for (let tries = 0; doc.status === 503 && tries < 10; tries++) {
      await doc.arrayBuffer();
      await sleep(Number(doc.headers.get('retry-after') ?? 5) * 1000);
      doc = await send(new URL(documentUrl, BASE), { headers: { ...trpcHeaders(cookie), 'accept-encoding': 'gzip' } });
    }
    bytes += (await doc.arrayBuffer()).byteLength;
    if (!doc.ok) return { ms: performance.now() - t, bytes, page: pageBytes, status: doc.status };
  }
  return { ms: performance.now() - t, bytes, page: pageBytes, status: page.status };
}

async function importText(
  cookie: string,
  input: { text: string; format: string; title?: string },
): Promise<{ ms: number; status: number; answer: string }> {
  const t = performance.now();
  const response = await send(`${BASE}/api/trpc/article.import`, {
    method: 'POST',
    headers: { ...trpcHeaders(cookie), 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = await response.text();
  let answer = body.slice(0, 120);
  try {
    const json = JSON.parse(body) as { result?: { data?: { title?: string } }; error?: { message?: string } };
    answer = json.error?.message ?? `imported “${json.result?.data?.title?.slice(0, 40)}”`;
  } catch {
    /* not JSON: the start of the body says what it was */
  }
  return { ms: performance.now() - t, status: response.status, answer };
}

/** A GET as a browser makes it, timed to its last byte. */
async function timed(url: string, cookie: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  const response = await send(url, { headers: { cookie, 'accept-encoding': 'gzip' } });
  const bytes = (await response.arrayBuffer()).byteLength;
  return { ms: performance.now() - t, status: response.status, bytes };
}

async function trpcPost(cookie: string, procedure: string, input: unknown): Promise<{ ms: number; status: number; answer: string }> {
  const t = performance.now();
  const response = await send(`${BASE}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { ...trpcHeaders(cookie), 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = await response.text();
  let answer = body.slice(0, 160);
  try {
    const parsed = JSON.parse(body) as { result?: { data?: unknown }; error?: { message?: string } };
    answer = parsed.error?.message ?? JSON.stringify(parsed.result?.data).slice(0, 160);
  } catch {
    /* not JSON: the start of the body says what it was */
  }
  return { ms: performance.now() - t, status: response.status, answer };
}

/** The big article edited as a desk would: a paragraph added at the top, a word changed in every seventh paragraph. */
function reviseMarkdown(markdown: string): string {
  const blocks = markdown.split('\n\n');
  const changed = blocks.map((block, i) => (i % 7 === 3 && /^[A-Z]/.test(block) ? block.replace(/\b(\w{5,})\b/, '$1 indeed') : block));
  return [changed[0], 'An editor’s note added at the top of the new revision.', ...changed.slice(1)].join('\n\n');
}

let restartsSeen = 0;
function line(name: string, latencies: number[], baselineP99: number | null, cpu?: { all: number; main: number }) {
  const restarted = restarts > restartsSeen;
  restartsSeen = restarts;
  const p99 = pct(latencies, 99);
  const used = cpu === undefined ? '' : `; server CPU ${cpu.all.toFixed(1)} s, of which request threads ${cpu.main.toFixed(1)} s`;
  const against = baselineP99 ? ` (${(p99 / baselineP99).toFixed(1)}× idle)` : '';
  console.log(
    `${name.padEnd(44)} p50 ${f0(pct(latencies, 50))} ms, p99 ${f0(p99)} ms${against}, worst ${f0(Math.max(...latencies))} ms, ${latencies.length} probes${used}; target p99 ≤ 200 ms: ${p99 <= 200 ? 'met' : 'NOT met'}${restarted ? ' (the server was restarted during this one: NOT comparable)' : ''}`,
  );
}

/** Slow-but-allowed shapes of about 33 KB each: what the import limits must take in turn without starving a small import. */
const ADVERSARIAL: Record<string, string> = {
  '<div/> ×5,400': `<!doctype html><html><body>${'<div/>'.repeat(5_400)}<p>End.</p></body></html>`,
  'nesting at the limit, ×16': `<!doctype html><html><body>${`${'<div>'.repeat(190)}<p>Deep text.</p>${'</div>'.repeat(190)}`.repeat(2)}${'<p><b><i><a href="https://example.org/x">Marked words</a></i></b></p>'.repeat(380)}</body></html>`,
  '1,600 one-cell tables': `<!doctype html><html><body>${'<table><tr><td>Cell text</td></tr></table>'.repeat(800)}</body></html>`,
};

async function main() {
  fs.mkdirSync(tmp, { recursive: true });
  const started = performance.now();
  // SIGKILL: the server ignores the other signals (see keep-title.cjs).
  const stop = () => stopServer(server, 'SIGKILL');
  process.on('exit', stop);
  try {
    ensureBuild('stalls', tmp);
    const seeded = await seed();
    const profile = process.env.BENCH_CPU_PROF;
    // `writerThread` false: whole-article transactions on the request thread, as before db/sqlite-thread.ts (the comparison at the end).
    let writerThread = true;
    const start = async () => {
      stop();
      server = await startServer('stalls', {
        port: PORT,
        dbFile,
        log: `${serverLog}${restarts ? `.${restarts}` : ''}${writerThread ? '' : '.no-thread'}`,
        env: { NEXT_MANUAL_SIG_HANDLE: '1', ...(writerThread ? {} : { FACTCHECK_SQLITE_WRITER_THREAD: '0' }) },
        nodeArgs: [
          '--require',
          path.join(__dirname, 'keep-title.cjs'),
          ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : []),
        ],
      });
    };
    await start();
    restart = start;
    const cookie = await signIn();
    console.log(
      `\nstalls: production build on ${BASE}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}; a cheap read probed every ${PROBE_MS} ms; the big article is ${mb(seeded.bigBytes)} of Markdown with ${seeded.annotated} annotations`,
    );
    // Warm-up: every route compiled and loaded once, so the first measurement is not the server's start.
    await openPage(cookie, seeded.shortId);
    await openPage(cookie, seeded.bigId);
    await probe(cookie, seeded.shortId).stop();

    const cpu = () => serverCpu(server!.pid!);
    const since = (at: { all: number; main: number }) => {
      const now = cpu();
      return { all: now.all - at.all, main: now.main - at.main };
    };
    let cpuAt = cpu();
    let p = probe(cookie, seeded.shortId);
    await sleep(5_000);
    const idle = await p.stop();
    line('idle (baseline)', idle, null, since(cpuAt));
    const baseline = pct(idle, 99);

    cpuAt = cpu();
    p = probe(cookie, seeded.shortId);
    const opens: Awaited<ReturnType<typeof openPage>>[] = [];
    for (let round = 0; round < 2; round++)
      opens.push(...(await Promise.all(Array.from({ length: 5 }, () => openPage(cookie, seeded.bigId)))));
    line('five 2 MB-article pages at once (×2)', await p.stop(), baseline, since(cpuAt));
    console.log(
      `${''.padEnd(44)} each open: median ${f0(
        pct(
          opens.map((o) => o.ms),
          50,
        ),
      )} ms, worst ${f0(Math.max(...opens.map((o) => o.ms)))} ms; ${mb(opens[0].bytes)} per open, of which the page ${mb(opens[0].page)} (decoded; sent gzip); statuses ${[...new Set(opens.map((o) => o.status))].join(', ')}`,
    );

    /** The 2 MB Markdown paste, then the HTML one, each with the probe running; `indent` marks the comparison's lines. */
    const pastes = async (indent: string) => {
      for (const [format, text] of [
        ['markdown', bigArticleMarkdown()],
        ['html', bigArticleHtml()],
      ] as const) {
        const at = cpu();
        const probing = probe(cookie, seeded.shortId);
        const result = await importText(cookie, { text, format });
        line(`${indent}2 MB ${format} paste importing`, await probing.stop(), baseline, since(at));
        console.log(`${''.padEnd(44)} the import: ${f0(result.ms)} ms, ${result.status}, ${result.answer}`);
      }
    };
    await pastes('');

    // A new revision of the big article: a paragraph added at the top and a word changed in every
    // seventh one, so that anchors move and some need fuzzy matching; its old revision's page opened
    // twice; then the first annotation saved on the new text (the server's kept text is now stale).
    const revised = reviseMarkdown(bigArticleMarkdown());
    const revisedDoc = importArticle({ text: revised, format: 'markdown' }).doc;
    const [firstSave] = spans(revisedDoc, 50);
    cpuAt = cpu();
    p = probe(cookie, seeded.shortId);
    const update = await trpcPost(cookie, 'article.update', { articleId: seeded.bigId, text: revised, format: 'markdown' });
    const olds = await Promise.all([0, 1].map(() => timed(`${BASE}/articles/${seeded.bigId}/revisions/1`, cookie)));
    const save = await trpcPost(cookie, 'annotation.create', {
      id: randomUUID(),
      articleId: seeded.bigId,
      anchor: firstSave,
      verdict: 'mixed',
      rationale: 'Saved on the new text.',
    });
    line('revision of the 2 MB article', await p.stop(), baseline, since(cpuAt));
    console.log(
      `${''.padEnd(44)} the revision: ${f0(update.ms)} ms, ${update.status}, ${update.answer}; the old revision's page (×2 at once): ${olds.map((o) => `${f0(o.ms).trim()} ms, ${o.status}, ${mb(o.bytes)}`).join('; ')}; the first save after it: ${f0(save.ms).trim()} ms, ${save.status}${save.status === 200 ? '' : ` (${save.answer})`}`,
    );

    // Exports of the big article (the annotated HTML three at once, then the JSON).
    cpuAt = cpu();
    p = probe(cookie, seeded.shortId);
    const exports = await Promise.all([0, 1, 2].map(() => timed(`${BASE}/articles/${seeded.bigId}/export?drafts=1`, cookie)));
    const json = await timed(`${BASE}/articles/${seeded.bigId}/export.json?drafts=1`, cookie);
    line('export of the 2 MB article (HTML ×3, JSON)', await p.stop(), baseline, since(cpuAt));
    console.log(
      `${''.padEnd(44)} HTML: ${exports.map((e) => `${f0(e.ms).trim()} ms`).join(', ')}, ${exports[0].status}, ${mb(exports[0].bytes)}; JSON: ${f0(json.ms).trim()} ms, ${json.status}, ${mb(json.bytes)}`,
    );

    // The same work without probes: what it costs the threads that answer requests, which the machine's load does not inflate.
    cpuAt = cpu();
    await Promise.all(Array.from({ length: 5 }, () => openPage(cookie, seeded.bigId)));
    const pagesCost = since(cpuAt);
    cpuAt = cpu();
    const alone = await importText(cookie, { text: bigArticleHtml(), format: 'html' });
    const importCost = since(cpuAt);
    cpuAt = cpu();
    const again = await trpcPost(cookie, 'article.update', { articleId: seeded.bigId, text: reviseMarkdown(revised), format: 'markdown' });
    const revisionCost = since(cpuAt);
    cpuAt = cpu();
    await Promise.all([0, 1, 2].map(() => timed(`${BASE}/articles/${seeded.bigId}/export?drafts=1`, cookie)));
    const exportCost = since(cpuAt);
    cpuAt = cpu();
    await timed(`${BASE}/articles/${seeded.bigId}/revisions/1`, cookie);
    const oldPageCost = since(cpuAt);
    console.log(
      `request threads' CPU, no probes: ${(pagesCost.main / 5).toFixed(2)} s per 2 MB-article open (5 at once); ${importCost.main.toFixed(2)} s for a 2 MB HTML import (${alone.status}; ${importCost.all.toFixed(1)} s with the worker's); ${revisionCost.main.toFixed(2)} s for a revision (${again.status}; ${revisionCost.all.toFixed(1)} s with the worker's); ${(exportCost.main / 3).toFixed(2)} s per HTML export (3 at once; ${(exportCost.all / 3).toFixed(1)} s with the worker's); ${oldPageCost.main.toFixed(2)} s for an old revision's page (${oldPageCost.all.toFixed(1)} s with the worker's)`,
    );

    const small = CREDIT_ARTICLE_TEXT.slice(0, 5_000);
    const [adversaries, mine] = await Promise.all([
      Promise.all(
        Object.entries(ADVERSARIAL)
          .slice(0, 2)
          .map(async ([name, html]) => ({ name, bytes: html.length, ...(await importText(cookie, { text: html, format: 'html' })) })),
      ),
      sleep(50).then(() => importText(cookie, { text: small, format: 'text', title: 'A short import' })),
    ]);
    console.log('a 5 KB import while two adversarial 33 KB pages import:');
    for (const a of adversaries)
      console.log(`  ${`${a.name} (${(a.bytes / 1024).toFixed(0)} KB)`.padEnd(42)} ${f0(a.ms)} ms, ${a.status}, ${a.answer}`);
    console.log(
      `  ${'the 5 KB import'.padEnd(42)} ${f0(mine.ms)} ms, ${mine.status}, ${mine.answer}: ${mine.status === 200 ? 'succeeded' : 'FAILED'}`,
    );
    const third = Object.entries(ADVERSARIAL)[2];
    const [other, mine2] = await Promise.all([
      Promise.all([0, 1].map(() => importText(cookie, { text: third[1], format: 'html' }))),
      sleep(50).then(() => importText(cookie, { text: small, format: 'text', title: 'A short import' })),
    ]);
    console.log(
      `  ${`two ${third[0]} pages (${(third[1].length / 1024).toFixed(0)} KB)`.padEnd(42)} ${f0(Math.max(...other.map((o) => o.ms)))} ms, ${other.map((o) => o.status).join('/')}`,
    );
    console.log(
      `  ${'the 5 KB import meanwhile'.padEnd(42)} ${f0(mine2.ms)} ms, ${mine2.status}: ${mine2.status === 200 ? 'succeeded' : 'FAILED'}`,
    );
    // The pastes again, with whole-article transactions on the request thread (FACTCHECK_SQLITE_WRITER_THREAD=0), then on the
    // writer thread (db/sqlite-thread.ts) once more, back to back against the same idle baseline: what the writer thread changes,
    // measured close together (the load on this shared machine moves within seconds).
    for (const on of [false, true]) {
      writerThread = on;
      await start();
      await openPage(cookie, seeded.shortId);
      await probe(cookie, seeded.shortId).stop();
      console.log(
        `${on ? 'with the writer thread again' : 'without the writer thread (FACTCHECK_SQLITE_WRITER_THREAD=0)'}, load ${os.loadavg()[0].toFixed(1)}:`,
      );
      await pastes('  ');
    }
    if (resets) console.log(`(${resets} requests sent again after a reset connection)`);
    if (restarts) console.log(`(the server was stopped from outside and started again ${restarts} time(s))`);
    console.log(`stalls bench took ${((performance.now() - started) / 1000).toFixed(0)} s; server log: ${path.relative(root, serverLog)}`);
  } catch (error) {
    // A failed run ends: the probes still out must not start the server again (they did, and the bench never ended).
    restart = null;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (server)
      console.error(
        `the server: exit code ${server.exitCode}, signal ${server.signalCode}; the error's cause: ${cause?.code ?? ''} ${cause?.message ?? ''}; the end of its log (${serverLog}):\n${tail(serverLog, 20)}`,
      );
    throw error;
  } finally {
    stop();
  }
}

export const done = main();
