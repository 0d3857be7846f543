// The last part of the PostgreSQL benchmark (tests/bench/pg.ts): SIGKILL one of
// two app processes while 50 writers create and edit annotations through both.
// Each writer starts on one process (half on each); when its process stops
// answering, the write in flight is counted as not acknowledged and the writer
// carries on against the other. Afterwards, read straight from the database:
// every acknowledged write is there (the annotation with the rationale it set)
// with its history event, and every article's change sequence is gap-free.
// Prints acknowledged / lost, the survivor's writes/s before the kill and how
// long it stayed below that afterwards, and the survivor's errors meanwhile.
// Env: BENCH_PG_KILL_AT (the kill comes once this many writes are acknowledged: 300),
// BENCH_PG_AFTER_KILL_MS (the writers go on this long after the kill: 15000).
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import postgres from 'postgres';

const KILL_AT = Number(process.env.BENCH_PG_KILL_AT ?? 300);
const AFTER_KILL_MS = Number(process.env.BENCH_PG_AFTER_KILL_MS ?? 15_000);
/** The survivor's rate is read over this window, sliding. */
const WINDOW_MS = 1_000;

type Article = { id: number; anchors: { from: number; to: number; exact: string }[] };

interface Acked {
  kind: 'create' | 'update';
  annotationId: string;
  marker: string;
  at: number;
  /** Which process answered: 0 (the survivor) or 1 (the one killed). */
  by: number;
}

/** The server answered, and said no (as opposed to not answering: the kill). */
class Refused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface KillSetup {
  /** [survivor, victim] base URLs. */
  bases: [string, string];
  /** The victim's process. */
  victim: ChildProcess;
  articles: Article[];
  cookie: string;
  /** The database both processes use. */
  url: string;
  writers: number;
}

export async function killOneOfTwo({ bases, victim, articles, cookie, url, writers }: KillSetup): Promise<boolean> {
  async function call<T>(base: string, procedure: string, input: unknown): Promise<T> {
    const response = await fetch(`${base}/api/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-factcheck-client': '1', cookie },
      body: JSON.stringify(input),
    });
    const body = (await response.json().catch(() => ({}))) as { result?: { data: T }; error?: { message: string } };
    if (!response.ok || !body.result) throw new Refused(`${procedure}: ${response.status} ${body.error?.message ?? ''}`, response.status);
    return body.result.data;
  }

  const acked: Acked[] = [];
  let killedAt = Number.POSITIVE_INFINITY;
  let stopAt = Number.POSITIVE_INFINITY;
  let inFlightAtKill = 0;
  let moved = 0;
  /** The survivor's answers after the kill that were not a success: refusals (4xx, a version a lost answer left behind), server errors (5xx), no answer. */
  const survivor = { refused: 0, failed: 0, unanswered: 0 };
  let victimRefused = 0;

  async function writer(n: number) {
    const article = articles[n % articles.length];
    let home = n % 2 === 0 ? 0 : 1;
    let writes = 0;
    let current: { id: string; version: number } | null = null;
    while (performance.now() < stopAt) {
      const marker = `kill bench writer ${n} write ${++writes}`;
      const base = bases[home];
      try {
        if (!current || writes % 3 === 1) {
          const id = randomUUID();
          const view = await call<{ version: number }>(base, 'annotation.create', {
            id,
            articleId: article.id,
            anchor: article.anchors[(n * 7 + writes) % article.anchors.length],
            verdict: 'false',
            rationale: marker,
            evidence: [],
          });
          current = { id, version: view.version };
          acked.push({ kind: 'create', annotationId: id, marker, at: performance.now(), by: home });
        } else {
          const target: { id: string; version: number } = current;
          const view = await call<{ version: number }>(base, 'annotation.update', {
            id: target.id,
            expectedVersion: target.version,
            verdict: 'false',
            rationale: marker,
            evidence: [],
          });
          current = { id: target.id, version: view.version };
          acked.push({ kind: 'update', annotationId: target.id, marker, at: performance.now(), by: home });
        }
      } catch (error) {
        const afterKill = performance.now() >= killedAt;
        if (error instanceof Refused) {
          if (home === 0 && afterKill) {
            if (error.status >= 500) survivor.failed++;
            else survivor.refused++;
          } else if (home === 1) victimRefused++;
          // An edit whose version a lost answer left behind (or a 503 of the dying process): start afresh.
          current = null;
          continue;
        }
        // No answer. From the victim, once killed: the write in flight may or may not have committed; it was not acknowledged.
        if (home === 1 && afterKill) {
          inFlightAtKill++;
          moved++;
          home = 0;
          current = null;
          continue;
        }
        if (home === 0 && afterKill) survivor.unanswered++;
        current = null;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  const started = performance.now();
  const running = Array.from({ length: writers }, (_, n) => writer(n));
  while (acked.length < KILL_AT) await new Promise((resolve) => setTimeout(resolve, 5));
  const ackedBeforeKill = acked.length;
  killedAt = performance.now();
  stopAt = killedAt + AFTER_KILL_MS;
  victim.kill('SIGKILL');
  const load = os.loadavg()[0];
  await Promise.all(running);

  // The survivor's writes/s: before the kill (from the first second of the run to the kill), then sliding 1 s windows after.
  const survivorAcks = acked.filter((a) => a.by === 0).map((a) => a.at);
  const allBefore = acked.filter((a) => a.at < killedAt).length / ((killedAt - started) / 1000);
  const before = survivorAcks.filter((t) => t < killedAt && t >= started + 1000).length / ((killedAt - started - 1000) / 1000);
  const rateAt = (t: number) => survivorAcks.filter((x) => x > t - WINDOW_MS && x <= t).length / (WINDOW_MS / 1000);
  // The dip: from the kill until a 1 s window (sliding by 50 ms) is back at the survivor's own rate before it; 0 if none fell below.
  let dipEnds = killedAt;
  let fell = false;
  let lowest = Number.POSITIVE_INFINITY;
  for (let t = killedAt + WINDOW_MS; t <= stopAt; t += 50) lowest = Math.min(lowest, rateAt(t));
  for (let t = killedAt; t <= stopAt; t += 50) {
    const rate = rateAt(t);
    if (rate < before) {
      fell = true;
      dipEnds = stopAt;
    } else if (fell) {
      dipEnds = t;
      break;
    }
  }
  const after = survivorAcks.filter((t) => t >= killedAt + 5_000 && t < stopAt).length / ((stopAt - killedAt - 5_000) / 1000);
  let longestGap = 0;
  const around = survivorAcks.filter((t) => t >= killedAt - 1000);
  for (let i = 1; i < around.length; i++) longestGap = Math.max(longestGap, around[i] - around[i - 1]);

  // Straight from the database.
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let lost = 0;
  let withoutEvent = 0;
  let gaps = 0;
  try {
    const rows = await sql<
      { id: string; rationale: string }[]
    >`select id, rationale from annotations where id in ${sql([...new Set(acked.map((a) => a.annotationId))])}`;
    const present = new Set(rows.map((r) => r.id));
    const events = await sql<{ annotationId: string; type: string; after: string }[]>`
      select annotation_id as "annotationId", type, after::text as after from events
      where annotation_id in ${sql([...present])} and type in ('annotation.created', 'annotation.updated')`;
    const eventKeys = new Map<string, number>();
    for (const e of events) {
      const marker = /kill bench writer \d+ write \d+/.exec(e.after)?.[0];
      if (!marker) continue;
      const key = `${e.annotationId} ${e.type} ${marker}`;
      eventKeys.set(key, (eventKeys.get(key) ?? 0) + 1);
    }
    for (const write of acked) {
      if (!present.has(write.annotationId)) lost++;
      const type = write.kind === 'create' ? 'annotation.created' : 'annotation.updated';
      if (eventKeys.get(`${write.annotationId} ${type} ${write.marker}`) !== 1) withoutEvent++;
    }
    for (const { id } of articles) {
      const [{ seq }] = await sql<{ seq: number }[]>`select change_seq as seq from articles where id = ${id}`;
      const seqs = (await sql<{ seq: number }[]>`select seq from events where article_id = ${id} order by seq`).map((r) => Number(r.seq));
      if (seqs.length !== Number(seq) || seqs.some((s, i) => s !== i + 1)) gaps++;
    }
  } finally {
    await sql.end();
  }

  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  console.log(
    `pg kill -9: ${writers} writers over 2 processes, SIGKILL of one after ${ackedBeforeKill} acknowledged writes (${s(killedAt - started)}), the writers go on ${s(AFTER_KILL_MS)} (load average ${load.toFixed(1)}):`,
  );
  console.log(
    `  acknowledged ${acked.length}, lost ${lost}, without their history event ${withoutEvent}; articles whose change sequence has a gap: ${gaps} of ${articles.length}`,
  );
  console.log(`  in flight on the killed process (not acknowledged) ${inFlightAtKill}; writers moved to the survivor ${moved}`);
  console.log(
    `  survivor: ${before.toFixed(0)} writes/s before the kill (both: ${allBefore.toFixed(0)}), ${after.toFixed(0)} writes/s from 5 s after it; below its own rate for ${s(dipEnds - killedAt)} after the kill (lowest 1 s window after it ${lowest.toFixed(0)} writes/s; longest pause between its answers ${longestGap.toFixed(0)} ms)`,
  );
  console.log(
    `  survivor's errors after the kill: ${survivor.unanswered} unanswered, ${survivor.failed} server errors, ${survivor.refused} refusals (an edit on a version the killed process's lost answer left behind); the killed process's refusals before it died ${victimRefused}`,
  );
  return lost === 0 && withoutEvent === 0 && gaps === 0 && survivor.unanswered === 0 && survivor.failed === 0;
}
