// PostgreSQL benchmark (`BENCH_ONLY=pg npm run bench`, with TEST_DATABASE_URL or
// BENCH_PG_URL naming a server whose user may create databases; skipped
// without one). Two production app processes (`next start`) on one fresh
// database:
// - writes: 50 concurrent writers creating annotations through the HTTP door,
//   all on process A, then spread over A and B: writes/s and p50/p99 latency,
//   and the ratio 2 processes / 1;
// - cross-process delivery: a live stream open on B, an annotation saved on A,
//   time from A's answer to B's stream message (30 trials): p50/p95;
// - kill -9 of B while 50 writers create and edit through both (./pg-kill.ts):
//   acknowledged and lost writes, the survivor's dip and errors.
// Env: BENCH_PORT (3320; B is +10), BENCH_PG_WRITERS (50), BENCH_PG_WRITES (20 per writer), BENCH_PG_TRIALS (30).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { findQuote } from '../../server/domain/anchoring';
import { articleDocFromJSON } from '../../server/domain/article-schema';
import { killOneOfTwo } from './pg-kill';
import { readSseMessages } from './sse';

const root = path.resolve(__dirname, '../..');
const SERVER = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL;
const PORT_A = Number(process.env.BENCH_PORT ?? 3320);
const PORT_B = PORT_A + 10;
const WRITERS = Number(process.env.BENCH_PG_WRITERS ?? 50);
const WRITES = Number(process.env.BENCH_PG_WRITES ?? 20);
const TRIALS = Number(process.env.BENCH_PG_TRIALS ?? 30);
const ARTICLES = 5;
const PARAGRAPH =
  'The council said bus journeys rose by a third last year while its own survey shows a fall of four percent ' +
  'and the mayor added that fares were frozen although the tariff sheet lists two rises since the spring';
const WORDS = PARAGRAPH.split(' ');

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

function startServer(port: number, url: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, FACTCHECK_SKIP_SAMPLE: '1', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', () => undefined);
  return child;
}

async function waitUntilUp(base: string, timeoutMs = 180_000): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    try {
      const response = await fetch(`${base}/api/trpc/verdict.list`, { headers: { 'x-factcheck-client': '1' } });
      await response.body?.cancel();
      return;
    } catch {
      if (performance.now() - t0 > timeoutMs) throw new Error(`pg: ${base} did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let cookie = '';
async function call<T>(base: string, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${base}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-factcheck-client': '1', cookie },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Error(`${procedure}: ${response.status} ${body.error?.message ?? ''}`);
  const set = response.headers.getSetCookie();
  if (set.length > 0) cookie = set.map((line) => line.split(';')[0]).join('; ');
  return body.result.data;
}

async function read<T>(base: string, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { 'x-factcheck-client': '1', cookie },
  });
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** A live stream on `base`: calls `onChanges()` for each changes message. Resolves once it is open. */
async function openStream(base: string, articleId: number, onChanges: () => void): Promise<() => void> {
  const abort = new AbortController();
  const input = encodeURIComponent(JSON.stringify({ articleId }));
  const response = await fetch(`${base}/api/trpc/live.article?input=${input}`, {
    headers: { accept: 'text/event-stream', 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin', cookie },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`pg: stream refused: ${response.status}`);
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  readSseMessages<{ kind?: string }>(response.body, (message) => {
    open();
    if (message.kind === 'changes') onChanges();
  });
  await opened;
  return () => abort.abort();
}

type Article = { id: number; anchors: { from: number; to: number; exact: string }[] };

async function writeRound(bases: string[], articles: Article[]) {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const base = bases[w % bases.length];
      const article = articles[w % articles.length];
      for (let i = 0; i < WRITES; i++) {
        const anchor = article.anchors[(w + i) % article.anchors.length];
        const start = performance.now();
        await call(base, 'annotation.create', {
          id: randomUUID(),
          articleId: article.id,
          anchor,
          verdict: 'false',
          rationale: `w${w} ${i}`,
          evidence: [],
        });
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main() {
  if (!SERVER || !/^postgres(ql)?:\/\//i.test(SERVER)) {
    console.log('pg: skipped (set TEST_DATABASE_URL or BENCH_PG_URL to a PostgreSQL server)');
    return;
  }
  if (!fs.existsSync(path.join(root, '.next/BUILD_ID'))) {
    const result = spawnSync('npm', ['run', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (result.status !== 0) throw new Error('pg: the build failed');
  }
  const name = `bench_pg_${Date.now()}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const A = `http://127.0.0.1:${PORT_A}`;
  const B = `http://127.0.0.1:${PORT_B}`;
  const servers: ChildProcess[] = [];
  try {
    servers.push(startServer(PORT_A, url.toString()));
    await waitUntilUp(A);
    servers.push(startServer(PORT_B, url.toString()));
    await waitUntilUp(B);
    await call(A, 'account.setup', { name: 'Bench Admin', email: 'bench@example.org', password: 'pg benchmark password' });
    const articles: Article[] = [];
    for (let i = 0; i < ARTICLES; i++) {
      const { id } = await call<{ id: number }>(A, 'article.import', { text: `Bench article ${i + 1}\n\n${PARAGRAPH}` });
      const doc = articleDocFromJSON((await read<{ body: unknown }>(A, 'article.byId', { id })).body);
      const anchors = [];
      for (let w = 0; w + 3 <= WORDS.length; w += 3) {
        const range = findQuote(doc, WORDS.slice(w, w + 3).join(' '));
        if (range) anchors.push({ ...range, exact: WORDS.slice(w, w + 3).join(' ') });
      }
      articles.push({ id, anchors });
    }
    // Warm both processes (route compilation, pools) before measuring.
    await call(B, 'annotation.create', {
      id: randomUUID(),
      articleId: articles[0].id,
      anchor: articles[0].anchors[0],
      verdict: 'false',
      rationale: 'warm',
      evidence: [],
    });

    const one = await writeRound([A], articles);
    const two = await writeRound([A, B], articles);
    console.log(`pg writes, ${WRITERS} writers × ${WRITES} creates (load average ${os.loadavg()[0].toFixed(1)}):`);
    console.log(`  1 process:  ${one.perSecond.toFixed(0)} writes/s, p50 ${ms(one.p50)}, p99 ${ms(one.p99)}`);
    console.log(`  2 processes: ${two.perSecond.toFixed(0)} writes/s, p50 ${ms(two.p50)}, p99 ${ms(two.p99)}`);
    console.log(
      `  2 / 1: writes/s ×${(two.perSecond / one.perSecond).toFixed(2)}, p50 ×${(two.p50 / one.p50).toFixed(2)}, p99 ×${(two.p99 / one.p99).toFixed(2)}`,
    );

    // Cross-process delivery: saved on A, heard on B's stream.
    const target = articles[ARTICLES - 1];
    let heard: (() => void) | null = null;
    const close = await openStream(B, target.id, () => heard?.());
    const delays: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      const arrived = new Promise<void>((resolve) => {
        heard = resolve;
      });
      await call(A, 'annotation.create', {
        id: randomUUID(),
        articleId: target.id,
        anchor: target.anchors[t % target.anchors.length],
        verdict: 'false',
        rationale: `trial ${t}`,
        evidence: [],
      });
      const saved = performance.now();
      await arrived;
      delays.push(performance.now() - saved);
      heard = null;
    }
    close();
    console.log(
      `pg cross-process: a save answered by A → the message on B's stream, ${TRIALS} trials: p50 ${ms(percentile(delays, 50))}, p95 ${ms(percentile(delays, 95))} (max ${ms(Math.max(...delays))})`,
    );

    // Last, as it leaves one process: B killed with SIGKILL in the middle of 50 writers spread over both.
    const held = await killOneOfTwo({ bases: [A, B], victim: servers[1], articles, cookie, url: url.toString(), writers: WRITERS });
    if (!held) process.exitCode = 1;
  } finally {
    for (const server of servers) server.kill('SIGTERM');
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => undefined);
    await admin.end();
  }
}

export const done = main();
