import { closeDatabase } from '../../db/client';
// Write benchmark, part of `npm run bench`: creating and updating an
// annotation on a short article (~500 words) against a long one (~52,600
// words), on a temporary SQLite file migrated as the server does it. A write
// should cost about the same on both: the ratio long/short is the figure to watch.
// Then the asynchronous services against the synchronous ones they replaced, in
// alternating rounds (./writes-compare.ts; BENCH_WRITE_ROUNDS, 12 by default).
// Runs server modules, so `npm run bench` runs with --conditions=react-server
// (where `server-only` is an empty module).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db } from '../../db/client';
import { openAppDatabase } from '../../server/database';
import { withTx } from '../../server/services/transaction';
import { user } from '../../db/schema';
import { createAnnotationInput, updateAnnotationInput } from '../../server/domain/annotation.types';
import { articleSchema as s } from '../../server/domain/article-schema';
import type { Actor } from '../../server/domain/roles';
import { createAnnotation, updateAnnotation } from '../../server/services/annotations';
import { insertArticle } from '../../server/services/articles';
import { random } from './random';
import { compareWithCommit, printComparison } from './writes-compare';

const WORDS_PER_PARAGRAPH = 100;
const SHORT_PARAGRAPHS = 5;
const LONG_PARAGRAPHS = 526;
const WARM_UP = 20;
const RUNS = 200;
const WRITERS = 50;
const ROUNDS = 20;
const ARTICLES = 5;

const rand = random(52_600);
const int = (n: number) => Math.floor(rand() * n);
const SYLLABLES = ['ta', 'ro', 'ven', 'mi', 'sol', 'ka', 'dur', 'le', 'pra', 'no', 'gis', 'el', 'fu', 'tram', 'bo', 'ci'];
const word = () => Array.from({ length: 1 + int(3) }, () => SYLLABLES[int(SYLLABLES.length)]).join('');

function article(paragraphs: number): { doc: PMNode; blocks: { start: number; text: string }[] } {
  const texts = Array.from({ length: paragraphs }, () => Array.from({ length: WORDS_PER_PARAGRAPH }, word).join(' '));
  const doc = s.node('doc', null, [
    s.node('title', null, [s.text('Benchmark article')]),
    ...texts.map((t) => s.node('paragraph', null, [s.text(t)])),
  ]);
  const blocks: { start: number; text: string }[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name === 'paragraph') blocks.push({ start: offset + 1, text: node.textContent });
  });
  return { doc, blocks };
}

/** Three words somewhere in the article, as a client would send them. */
function anchorIn(blocks: { start: number; text: string }[]) {
  const { start, text } = blocks[int(blocks.length)];
  const spaces = [-1, ...[...text.matchAll(/ /g)].map((m) => m.index!)];
  const first = int(spaces.length - 3);
  const from = spaces[first] + 1;
  const to = spaces[first + 3];
  return { from: start + from, to: start + to, exact: text.slice(from, to) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function time(f: () => unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function measure(db: Db, actor: Actor, paragraphs: number): Promise<{ create: number; update: number }> {
  const { doc, blocks } = article(paragraphs);
  const { id: articleId } = await newArticle(db, doc);
  const create = async () =>
    await createAnnotation(
      db,
      actor,
      createAnnotationInput.parse({ id: randomUUID(), articleId, anchor: anchorIn(blocks), verdict: 'false', rationale: 'Measured.' }),
    );
  const update = async (a: { id: string; version: number }) =>
    await updateAnnotation(
      db,
      actor,
      updateAnnotationInput.parse({ id: a.id, expectedVersion: a.version, verdict: 'false', rationale: `Measured again ${randomUUID()}.` }),
    );
  for (let i = 0; i < WARM_UP; i++) await update(await create());
  const made: { id: string; version: number }[] = [];
  const creates: number[] = [];
  for (let i = 0; i < RUNS; i++) creates.push(await time(async () => made.push(await create())));
  const updates: number[] = [];
  for (const a of made) updates.push(await time(() => update(a)));
  return { create: median(creates), update: median(updates) };
}

export interface ConcurrentFigures {
  writers: number;
  writes: number;
  writesPerSecond: number;
  createP50: number;
  createP95: number;
  updateP50: number;
  updateP95: number;
}

/**
 * WRITERS writers at once, each creating then updating its own annotations on
 * one of a few short articles, as a busy desk's requests would. Each write
 * starts on a new turn of the event loop (as a request does), so its latency
 * includes the wait behind the other writers, whether that wait is the event
 * loop (synchronous services) or the writer lock (asynchronous ones).
 */
async function concurrent(db: Db, actor: Actor): Promise<ConcurrentFigures> {
  const articleIds: number[] = [];
  const layouts: ReturnType<typeof article>[] = [];
  for (let i = 0; i < ARTICLES; i++) {
    const layout = article(SHORT_PARAGRAPHS);
    layouts.push(layout);
    articleIds.push((await newArticle(db, layout.doc)).id);
  }
  const creates: number[] = [];
  const updates: number[] = [];
  const request = () => new Promise<void>((resolve) => setImmediate(resolve));
  const writer = async (w: number) => {
    const articleId = articleIds[w % ARTICLES];
    const { blocks } = layouts[w % ARTICLES];
    for (let i = 0; i < ROUNDS; i++) {
      let t0 = performance.now();
      await request();
      const made = await createAnnotation(
        db,
        actor,
        createAnnotationInput.parse({ id: randomUUID(), articleId, anchor: anchorIn(blocks), verdict: 'false', rationale: 'Concurrent.' }),
      );
      creates.push(performance.now() - t0);
      t0 = performance.now();
      await request();
      await updateAnnotation(
        db,
        actor,
        updateAnnotationInput.parse({ id: made.id, expectedVersion: made.version, verdict: 'false', rationale: `Again ${i}.` }),
      );
      updates.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  const seconds = (performance.now() - t0) / 1000;
  const writes = creates.length + updates.length;
  return {
    writers: WRITERS,
    writes,
    writesPerSecond: writes / seconds,
    createP50: percentile(creates, 50),
    createP95: percentile(creates, 95),
    updateP50: percentile(updates, 50),
    updateP95: percentile(updates, 95),
  };
}

/** A fresh article, written as the import does it. */
async function newArticle(db: Db, doc: PMNode): Promise<{ id: number }> {
  return withTx(db, async (tx) => await insertArticle(tx, { title: 'Benchmark article', doc }));
}

const BASELINE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baselines/writes-sqlite.json');

interface Figures {
  short: { create: number; update: number };
  long: { create: number; update: number };
  concurrent: ConcurrentFigures;
}

/**
 * The synchronous services' last commit (980964b, plus this benchmark): run in
 * the same run, round by round against the current code (./writes-compare.ts).
 */
const SYNC_COMMIT = 'b52034f';
const COMPARE_ROUNDS = Number(process.env.BENCH_WRITE_ROUNDS ?? 12);
const ROUND_SIZE = { single: 50, writers: WRITERS, perWriter: 5 };

/** Without the commit (a shallow clone): the kept figures, measured at another time and so only a rough guide. */
function printAgainstKeptFile(now: Figures) {
  if (!fs.existsSync(BASELINE)) return;
  const before = JSON.parse(fs.readFileSync(BASELINE, 'utf8')) as Figures & { measured: string; code: string };
  const row = (label: string, b: number, a: number, unit: string, lowerIsBetter = true) =>
    console.log(
      `  ${label.padEnd(28)} before ${b.toFixed(2).padStart(8)} ${unit}  after ${a.toFixed(2).padStart(8)} ${unit}  ×${(lowerIsBetter ? a / b : b / a).toFixed(2)}`,
    );
  console.log(`\nAgainst ${before.code} (measured ${before.measured}, another time and load); ×>1 is slower, the target is ≤ ×1.2`);
  row('short create p50', before.short.create, now.short.create, 'ms');
  row('short update p50', before.short.update, now.short.update, 'ms');
  row(`${WRITERS} writers: writes/s`, before.concurrent.writesPerSecond, now.concurrent.writesPerSecond, '/s', false);
  row(`${WRITERS} writers: create p50`, before.concurrent.createP50, now.concurrent.createP50, 'ms');
  row(`${WRITERS} writers: update p50`, before.concurrent.updateP50, now.concurrent.updateP50, 'ms');
  row(`${WRITERS} writers: create p95`, before.concurrent.createP95, now.concurrent.createP95, 'ms');
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-bench-'));
  try {
    const db = await openAppDatabase(path.join(dir, 'bench.db'));
    const actor: Actor = { id: 'bench-admin', name: 'Bench Admin', role: 'admin' };
    const now = new Date();
    await db
      .insert(user)
      .values({ id: actor.id, name: actor.name, email: 'bench@example.org', role: 'admin', createdAt: now, updatedAt: now })
      .run();
    const short = await measure(db, actor, SHORT_PARAGRAPHS);
    const long = await measure(db, actor, LONG_PARAGRAPHS);
    const many = await concurrent(db, actor);
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`\nAnnotation writes, median of ${RUNS} each after ${WARM_UP} warm-up writes`);
    console.log(
      `  short article (${SHORT_PARAGRAPHS * WORDS_PER_PARAGRAPH} words): create ${ms(short.create)}, update ${ms(short.update)}`,
    );
    console.log(
      `  long article (${(LONG_PARAGRAPHS * WORDS_PER_PARAGRAPH).toLocaleString('en-US')} words): create ${ms(long.create)}, update ${ms(long.update)}`,
    );
    console.log(`  long/short: create ×${(long.create / short.create).toFixed(1)}, update ×${(long.update / short.update).toFixed(1)}`);
    console.log(
      `  ${many.writers} concurrent writers, ${many.writes} writes: ${many.writesPerSecond.toFixed(0)} writes/s; create p50 ${ms(many.createP50)}, p95 ${ms(many.createP95)}; update p50 ${ms(many.updateP50)}, p95 ${ms(many.updateP95)}`,
    );
    const figures: Figures = { short, long, concurrent: many };
    if (process.env.BENCH_WRITE_BASELINE) {
      fs.mkdirSync(path.dirname(BASELINE), { recursive: true });
      const measured = new Date().toISOString();
      fs.writeFileSync(BASELINE, `${JSON.stringify({ measured, code: process.env.BENCH_WRITE_BASELINE, ...figures }, null, 2)}\n`);
      console.log(`  kept as the baseline in ${path.relative(process.cwd(), BASELINE)}`);
    }
    await closeDb(db);
    if (process.env.BENCH_WRITE_BASELINE) return;
    // Before and after in the same run (BENCH_WRITES_SAME_RUN=0 compares with the kept file instead).
    const rows =
      process.env.BENCH_WRITES_SAME_RUN !== '0' && COMPARE_ROUNDS > 0
        ? await compareWithCommit(SYNC_COMMIT, COMPARE_ROUNDS, ROUND_SIZE)
        : null;
    if (rows) printComparison(SYNC_COMMIT, COMPARE_ROUNDS, ROUND_SIZE, rows);
    else printAgainstKeptFile(figures);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const closeDb = (db: Db) => closeDatabase(db);

// Run one after the other by run.ts, so that the import benchmark's pool jobs are not starved.
export const done = Promise.resolve().then(main);
