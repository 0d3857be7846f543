// Live desk benchmark, part of `npm run bench`: how fast a save by one person
// reaches another person's open stream, and what 200 open streams cost. The
// app's router runs in a child process behind tRPC's standalone HTTP adapter
// (live-server.ts), so the figures include the server-sent-events encoding and
// the HTTP hop but not Next's routing or the browser; the clients are Node
// fetch streams parsing the events as EventSource would.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { readSseMessages } from './sse';

const TRIALS = 50;
const STREAMS = 200;
const FAN_OUT_TRIALS = 20;

interface Setup {
  port: number;
  articleId: number;
  annotationId: string;
  version: number;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** One open stream: calls `onChange(version)` for each version of the annotation it hears of. */
async function openStream(base: string, articleId: number, annotationId: string, onChange: (version: number) => void) {
  const abort = new AbortController();
  const input = encodeURIComponent(JSON.stringify({ articleId }));
  const response = await fetch(`${base}/live.article?input=${input}`, {
    headers: { accept: 'text/event-stream', 'x-bench-user': 'reader' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream refused: ${response.status}`);
  let first!: () => void;
  const started = new Promise<void>((resolve) => {
    first = resolve;
  });
  readSseMessages<{ kind?: string; changed?: { id: string; version: number }[] }>(response.body, (message) => {
    if (message.kind === 'presence') first();
    for (const a of message.changed ?? []) if (a.id === annotationId) onChange(a.version);
  });
  await started;
  return () => abort.abort();
}

/** The server's memory after a full GC: RSS (what the OS gives it) and the JavaScript heap in use, in MB. */
async function memory(base: string): Promise<{ rss: number; heap: number }> {
  const usage = (await (await fetch(`${base}/memory`)).json()) as { rss: number; heapUsed: number };
  return { rss: usage.rss / 1024 / 1024, heap: usage.heapUsed / 1024 / 1024 };
}

/** The router in a child process on a fresh database; `perStream` makes each stream read for itself (the old path). */
async function startServer(dir: string, name: string, perStream: boolean) {
  const child = spawn(
    process.execPath,
    [
      '--conditions=react-server',
      '--import',
      'tsx',
      '--expose-gc',
      path.join(__dirname, 'live-server.ts'),
      path.join(dir, `${name}.db`),
      ...(perStream ? ['--per-stream'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const setup = await new Promise<Setup>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`live-server exited (${code})`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as Setup));
  });
  const base = `http://127.0.0.1:${setup.port}`;
  let version = setup.version;
  const save = async () => {
    const response = await fetch(`${base}/annotation.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bench-user': 'writer' },
      body: JSON.stringify({ id: setup.annotationId, expectedVersion: version, verdict: 'false', rationale: `Saved at ${Date.now()}.` }),
    });
    if (!response.ok) throw new Error(`save refused: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { result: { data: { version: number } } };
    version = body.result.data.version;
    return version;
  };
  return { child, setup, base, save, version: () => version };
}

type Server = Awaited<ReturnType<typeof startServer>>;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A save by one client to its arrival on another's open stream. */
async function arrival(server: Server): Promise<number[]> {
  const { base, setup, save } = server;
  const waiting = new Map<number, (at: number) => void>();
  const arrivals = new Map<number, number>();
  const heard = (v: number) => {
    const at = performance.now();
    if (!arrivals.has(v)) arrivals.set(v, at);
    waiting.get(v)?.(at);
  };
  const closeOne = await openStream(base, setup.articleId, setup.annotationId, heard);
  const latencies: number[] = [];
  for (let i = 0; i < TRIALS + 5; i++) {
    const t0 = performance.now();
    const expected = server.version() + 1;
    const arrived = new Promise<number>((resolve) => waiting.set(expected, resolve));
    await save();
    const at = arrivals.get(expected) ?? (await arrived);
    waiting.delete(expected);
    if (i >= 5) latencies.push(at - t0);
  }
  closeOne();
  return latencies;
}

/** STREAMS open streams: the server's memory, and one change reaching all of them. */
async function fanOut(server: Server) {
  const { base, setup, save } = server;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = await memory(base);
  const seen = new Map<number, number[]>();
  const closers = await Promise.all(
    Array.from({ length: STREAMS }, () =>
      openStream(base, setup.articleId, setup.annotationId, (v) => {
        const list = seen.get(v) ?? [];
        list.push(performance.now());
        seen.set(v, list);
      }),
    ),
  );
  const after = await memory(base);
  const toAll: number[] = [];
  const each: number[] = [];
  for (let i = 0; i < FAN_OUT_TRIALS; i++) {
    const t0 = performance.now();
    const v = await save();
    const until = performance.now() + 30_000;
    while ((seen.get(v)?.length ?? 0) < STREAMS && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 2));
    const times = seen.get(v) ?? [];
    if (times.length < STREAMS) throw new Error(`only ${times.length} of ${STREAMS} streams heard version ${v}`);
    if (times.length > STREAMS) throw new Error(`${times.length} deliveries of version ${v} to ${STREAMS} streams`);
    toAll.push(Math.max(...times) - t0);
    for (const t of times) each.push(t - t0);
  }
  for (const close of closers) close();
  return { before, after, toAll, each };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-live-bench-'));
  const servers: Server[] = [];
  try {
    const shared = await startServer(dir, 'shared', false);
    servers.push(shared);
    const latencies = await arrival(shared);
    console.log(
      `\nLive desk (load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(', ')} at the start)`,
    );
    console.log(`  a save by one client to its arrival on another's stream (${TRIALS} trials after 5 warm-up)`);
    console.log(`  p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}`);

    // The baseline first, in a process of its own: each stream reading for itself, as the streams did before.
    const old = await startServer(dir, 'per-stream', true);
    servers.push(old);
    const before = await fanOut(old);
    old.child.kill();
    const now = await fanOut(shared);
    for (const [label, run] of [
      ['each stream reads for itself (old path)', before],
      ['one read shared by the streams (now)', now],
    ] as const) {
      const rss = run.after.rss - run.before.rss;
      const heap = run.after.heap - run.before.heap;
      console.log(`  ${label}:`);
      console.log(
        `    ${STREAMS} open streams: JavaScript heap +${heap.toFixed(1)} MB (${((heap * 1024) / STREAMS).toFixed(0)} KB a stream), RSS ${rss >= 0 ? '+' : ''}${rss.toFixed(1)} MB (${run.before.rss.toFixed(0)} → ${run.after.rss.toFixed(0)} MB), after a full GC`,
      );
      console.log(
        `    one change to all ${STREAMS} (${FAN_OUT_TRIALS} changes): p50 ${ms(percentile(run.toAll, 50))}, p95 ${ms(percentile(run.toAll, 95))}; each delivery p95 ${ms(percentile(run.each, 95))}`,
      );
    }
    console.log(
      `  one change to all ${STREAMS}, p95 old / now: ×${(percentile(before.toAll, 95) / percentile(now.toAll, 95)).toFixed(1)}; p95 to one stream (above) ${ms(percentile(latencies, 95))} (target: all ${STREAMS} p95 ≤ 1 s)`,
    );
    console.log(
      `  load average at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(', ')}`,
    );
  } finally {
    for (const server of servers) server.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const done = main();
