// Crash benchmark (`BENCH_ONLY=crash npm run bench`): nothing acknowledged is
// lost when the production server is killed mid-write. 20 writers create and
// edit annotations on 4 articles through the app's HTTP door (`next start`,
// the production build, a fresh SQLite file); the server is killed with
// SIGKILL in the middle of the run and started again. Then, read straight from
// the database file: every write the server acknowledged is there (the
// annotation, with the edit it answered for) with its history event; every
// article's change sequence is gap-free (1…change_seq, one event each); the
// writers carry on against the restarted server. Prints acknowledged, lost and
// in-flight counts and the time from the kill to the first answer of the new
// process. Exits non-zero if anything acknowledged is missing.
// Env: BENCH_PORT (3310), CRASH_WRITERS (20), CRASH_KILL_AT (the kill comes once this many writes are acknowledged: 150).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { findQuote } from '../../server/domain/anchoring';
import { articleDocFromJSON } from '../../server/domain/article-schema';

const root = path.resolve(__dirname, '../..');
const PORT = Number(process.env.BENCH_PORT ?? 3310);
const BASE = `http://127.0.0.1:${PORT}`;
const WRITERS = Number(process.env.CRASH_WRITERS ?? 20);
const KILL_AT = Number(process.env.CRASH_KILL_AT ?? 150);
const ARTICLES = 4;
/** After the restart, each writer makes this many more writes: the server takes up where it was. */
const WRITES_AFTER = 5;

const PARAGRAPH =
  'The port authority said cargo volumes doubled last year while its own figures show a rise of twelve percent ' +
  'and the harbour master added that waiting times fell by half although ships queued longer than ever before ' +
  'according to the logs kept by the pilots who guide every vessel past the breakwater at night and in fog';
const WORDS = PARAGRAPH.split(' ');

function ensureBuild() {
  if (fs.existsSync(path.join(root, '.next/BUILD_ID'))) return;
  console.log('crash: no production build (.next/BUILD_ID missing): running `npm run build` first…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error('crash: the build failed');
}

function startServer(databaseFile: string): ChildProcess {
  // `next start` itself (not through npm), so that SIGKILL reaches the process that holds the database.
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(PORT)],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseFile, FACTCHECK_SKIP_SAMPLE: '1', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', () => undefined);
  return child;
}

/** Resolves when the server answers; the time it took. */
async function waitUntilUp(timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      const response = await fetch(`${BASE}/api/trpc/verdict.list`, { headers: { 'x-factcheck-client': '1' } });
      await response.body?.cancel();
      return performance.now() - t0;
    } catch {
      if (performance.now() - t0 > timeoutMs) throw new Error(`crash: the server did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

const cookies = new Map<string, string>();
const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');

async function call<T>(procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${BASE}/api/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-factcheck-client': '1', cookie: cookieHeader() },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok || !body.result) throw new Refused(`${procedure}: ${response.status} ${body.error?.message ?? ''}`);
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return body.result.data;
}

async function read<T>(procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { 'x-factcheck-client': '1', cookie: cookieHeader() },
  });
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

/** The server answered and said no (as opposed to not answering: the kill). */
class Refused extends Error {}

interface Acked {
  kind: 'create' | 'update';
  annotationId: string;
  articleId: number;
  /** The rationale the write set, unique to it. */
  marker: string;
}

async function main() {
  ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-crash-'));
  const databaseFile = path.join(dir, 'crash.db');
  let server = startServer(databaseFile);
  try {
    await waitUntilUp();
    await call('account.setup', { name: 'Crash Admin', email: 'crash@example.org', password: 'crash benchmark password' });
    const articles: { id: number; anchors: { from: number; to: number; exact: string }[] }[] = [];
    for (let i = 0; i < ARTICLES; i++) {
      const { id } = await call<{ id: number }>('article.import', { text: `Crash article ${i + 1}\n\n${PARAGRAPH}` });
      const doc = articleDocFromJSON((await read<{ body: unknown }>('article.byId', { id })).body);
      const anchors = [];
      for (let w = 0; w + 3 <= WORDS.length; w += 3) {
        const exact = WORDS.slice(w, w + 3).join(' ');
        const range = findQuote(doc, exact);
        if (range) anchors.push({ ...range, exact });
      }
      articles.push({ id, anchors });
    }

    const acked: Acked[] = [];
    let inFlightAtKill = 0;
    let refusedCount = 0;
    let killed = false;
    let restarted: Promise<void> | null = null;

    /** One writer: create an annotation, edit it, again, until the kill (and WRITES_AFTER more after the restart). */
    async function writer(n: number) {
      const article = articles[n % ARTICLES];
      let writes = 0;
      let afterRestart = 0;
      let current: { id: string; version: number } | null = null;
      while (afterRestart < WRITES_AFTER) {
        const marker = `writer ${n} write ${++writes}`;
        const wasKilled = killed;
        try {
          if (!current || writes % 3 === 1) {
            const anchor = article.anchors[(n * 7 + writes) % article.anchors.length];
            const id = randomUUID();
            const view: { version: number } = await call('annotation.create', {
              id,
              articleId: article.id,
              anchor,
              verdict: 'false',
              rationale: marker,
              evidence: [],
            });
            current = { id, version: view.version };
            acked.push({ kind: 'create', annotationId: id, articleId: article.id, marker });
          } else {
            const target: { id: string; version: number } = current;
            const view: { version: number } = await call('annotation.update', {
              id: target.id,
              expectedVersion: target.version,
              verdict: 'false',
              rationale: marker,
              evidence: [],
            });
            current = { id: target.id, version: view.version };
            acked.push({ kind: 'update', annotationId: target.id, articleId: article.id, marker });
          }
          if (wasKilled) afterRestart++;
        } catch (error) {
          if (error instanceof Refused) {
            // A write the server answered "no" to (an edit whose version a lost answer left behind): start afresh.
            refusedCount++;
            current = null;
            continue;
          }
          // No answer: the server is gone. What was in flight may or may not have committed; it was not acknowledged.
          if (!wasKilled) inFlightAtKill++;
          current = null;
          await restarted;
        }
      }
    }

    const writers = Array.from({ length: WRITERS }, (_, n) => writer(n));
    const started = performance.now();
    while (acked.length < KILL_AT) await new Promise((resolve) => setTimeout(resolve, 5));
    const ackedBeforeKill = acked.length;
    const runMs = performance.now() - started;
    const killedAt = performance.now();
    killed = true;
    let recoverMs = 0;
    restarted = (async () => {
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
      server = startServer(databaseFile);
      await waitUntilUp();
      recoverMs = performance.now() - killedAt;
    })();
    await restarted;
    await Promise.all(writers);

    // Read the file itself: what the restarted server holds.
    const db = new Database(databaseFile, { readonly: true });
    let lost = 0;
    let withoutEvent = 0;
    const annotation = db.prepare('select rationale from annotations where id = ?');
    const event = db.prepare("select count(*) as n from events where annotation_id = ? and type = ? and after like '%' || ? || '%'");
    for (const write of acked) {
      const row = annotation.get(write.annotationId) as { rationale: string } | undefined;
      if (!row) lost++;
      const type = write.kind === 'create' ? 'annotation.created' : 'annotation.updated';
      if ((event.get(write.annotationId, type, JSON.stringify(write.marker).slice(1, -1)) as { n: number }).n !== 1) withoutEvent++;
    }
    let gaps = 0;
    for (const { id } of articles) {
      const { seq } = db.prepare('select change_seq as seq from articles where id = ?').get(id) as { seq: number };
      const seqs = (db.prepare('select seq from events where article_id = ? order by seq').all(id) as { seq: number }[]).map((r) => r.seq);
      if (seqs.length !== seq || seqs.some((s, i) => s !== i + 1)) gaps++;
    }
    db.close();

    console.log(
      `crash: ${WRITERS} writers on ${ARTICLES} articles, SIGKILL after ${ackedBeforeKill} acknowledged writes (${(runMs / 1000).toFixed(1)} s), restart, ${WRITES_AFTER} more writes each`,
    );
    console.log(
      `  acknowledged ${acked.length}, lost ${lost}, without their history event ${withoutEvent}; in flight at the kill (not acknowledged) ${inFlightAtKill}; refused after the restart ${refusedCount}`,
    );
    console.log(`  articles whose change sequence has a gap: ${gaps} of ${ARTICLES}`);
    console.log(`  kill → first answer of the restarted server: ${(recoverMs / 1000).toFixed(1)} s`);
    if (lost || withoutEvent || gaps) process.exitCode = 1;
  } finally {
    server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const done = main();
