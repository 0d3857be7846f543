// One side of the writes benchmark's before/after comparison (tests/bench/writes-compare.ts):
// a child process that opens its own SQLite file and, each time its parent asks,
// runs one short round of writes and answers with the round's figures. The same
// file is copied into a checkout of the synchronous services' commit and run
// there, so it only uses what both versions have: the services are awaited
// (a plain value awaits as itself) and the article is inserted in whichever
// transaction helper the code has.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db } from '../../db/client';
import { user } from '../../db/schema';
import { openAppDatabase } from '../../server/database';
import { createAnnotationInput, updateAnnotationInput } from '../../server/domain/annotation.types';
import { articleSchema as s } from '../../server/domain/article-schema';
import type { Actor } from '../../server/domain/roles';
import { createAnnotation, updateAnnotation } from '../../server/services/annotations';
import { insertArticle } from '../../server/services/articles';
import { random } from './random';

export interface RoundSize {
  /** Single-writer creates (and as many updates) per round. */
  single: number;
  writers: number;
  /** Create + update pairs per writer per round. */
  perWriter: number;
}

export interface RoundFigures {
  singleCreateP50: number;
  singleUpdateP50: number;
  /** CPU time (user + system, every thread of the process) per write, in ms. */
  singleCreateCpu: number;
  singleUpdateCpu: number;
  writesPerSecond: number;
  createP50: number;
  createP95: number;
  updateP50: number;
  concurrentCpu: number;
}

const WORDS_PER_PARAGRAPH = 100;
const PARAGRAPHS = 5;
const ARTICLES = 5;
const SYLLABLES = ['ta', 'ro', 'ven', 'mi', 'sol', 'ka', 'dur', 'le', 'pra', 'no', 'gis', 'el', 'fu', 'tram', 'bo', 'ci'];

// The same seed on both sides: both write the same articles and anchors, round after round.
const rand = random(52_600);
const int = (n: number) => Math.floor(rand() * n);
const word = () => Array.from({ length: 1 + int(3) }, () => SYLLABLES[int(SYLLABLES.length)]).join('');

interface Layout {
  doc: PMNode;
  blocks: { start: number; text: string }[];
}

function article(): Layout {
  const texts = Array.from({ length: PARAGRAPHS }, () => Array.from({ length: WORDS_PER_PARAGRAPH }, word).join(' '));
  const doc = s.node('doc', null, [
    s.node('title', null, [s.text('Benchmark article')]),
    ...texts.map((t) => s.node('paragraph', null, [s.text(t)])),
  ]);
  const blocks: Layout['blocks'] = [];
  doc.forEach((node, offset) => {
    if (node.type.name === 'paragraph') blocks.push({ start: offset + 1, text: node.textContent });
  });
  return { doc, blocks };
}

function anchorIn(blocks: Layout['blocks']) {
  const { start, text } = blocks[int(blocks.length)];
  const spaces = [-1, ...[...text.matchAll(/ /g)].map((m) => m.index as number)];
  const first = int(spaces.length - 3);
  const from = spaces[first] + 1;
  const to = spaces[first + 3];
  return { from: start + from, to: start + to, exact: text.slice(from, to) };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
/** Between phases, so that a collection of one phase's garbage does not land in the next one's timings. */
const collect = () => (globalThis as { gc?: () => void }).gc?.();

type InsertInTx = (db: Db, doc: PMNode) => Promise<number>;

/** withTx where the code has it (asynchronous services), better-sqlite3's own transaction before. */
async function articleInserter(): Promise<InsertInTx> {
  const txModule = (await import('../../server/services/transaction').catch(() => ({}))) as {
    withTx?: (db: Db, fn: (tx: unknown) => Promise<unknown>) => Promise<unknown>;
  };
  const insert = insertArticle as unknown as (tx: unknown, a: { title: string; doc: PMNode }) => { id: number } | Promise<{ id: number }>;
  const { withTx } = txModule;
  if (withTx)
    return async (db, doc) =>
      ((await withTx(db, async (tx) => await insert(tx, { title: 'Benchmark article', doc }))) as { id: number }).id;
  type SyncDb = { transaction: <T>(fn: (tx: unknown) => T) => T };
  return async (db, doc) =>
    (db as unknown as SyncDb).transaction((tx) => insert(tx, { title: 'Benchmark article', doc }) as { id: number }).id;
}

async function round(db: Db, actor: Actor, insert: InsertInTx, size: RoundSize): Promise<RoundFigures> {
  const layouts = Array.from({ length: ARTICLES }, article);
  const ids: number[] = [];
  for (const layout of layouts) ids.push(await insert(db, layout.doc));
  const create = async (w: number, rationale: string) =>
    await createAnnotation(
      db,
      actor,
      createAnnotationInput.parse({
        id: randomUUID(),
        articleId: ids[w % ARTICLES],
        anchor: anchorIn(layouts[w % ARTICLES].blocks),
        verdict: 'false',
        rationale,
      }),
    );
  const update = async (a: { id: string; version: number }, rationale: string) =>
    await updateAnnotation(db, actor, updateAnnotationInput.parse({ id: a.id, expectedVersion: a.version, verdict: 'false', rationale }));

  // One writer: creates, then updates of what it made.
  collect();
  const made: { id: string; version: number }[] = [];
  const creates: number[] = [];
  let cpu = process.cpuUsage();
  for (let i = 0; i < size.single; i++) {
    const t0 = performance.now();
    made.push(await create(0, 'Measured.'));
    creates.push(performance.now() - t0);
  }
  const singleCreateCpu = cpuMs(cpu) / size.single;
  collect();
  const updates: number[] = [];
  cpu = process.cpuUsage();
  for (const a of made) {
    const t0 = performance.now();
    await update(a, `Measured again ${randomUUID()}.`);
    updates.push(performance.now() - t0);
  }
  const singleUpdateCpu = cpuMs(cpu) / size.single;

  // Many writers at once, each write starting on a new turn of the event loop as a request does, so
  // its latency includes its wait behind the others (the event loop before, the writer lock after).
  collect();
  const request = () => new Promise<void>((resolve) => setImmediate(resolve));
  const manyCreates: number[] = [];
  const manyUpdates: number[] = [];
  const writer = async (w: number) => {
    for (let i = 0; i < size.perWriter; i++) {
      let t0 = performance.now();
      await request();
      const a = await create(w, 'Concurrent.');
      manyCreates.push(performance.now() - t0);
      t0 = performance.now();
      await request();
      await update(a, `Again ${i}.`);
      manyUpdates.push(performance.now() - t0);
    }
  };
  cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: size.writers }, (_, w) => writer(w)));
  const seconds = (performance.now() - t0) / 1000;
  const writes = manyCreates.length + manyUpdates.length;
  return {
    singleCreateP50: percentile(creates, 50),
    singleUpdateP50: percentile(updates, 50),
    singleCreateCpu,
    singleUpdateCpu,
    writesPerSecond: writes / seconds,
    createP50: percentile(manyCreates, 50),
    createP95: percentile(manyCreates, 95),
    updateP50: percentile(manyUpdates, 50),
    concurrentCpu: cpuMs(cpu) / writes,
  };
}

async function main() {
  const send = process.send?.bind(process);
  if (!send) throw new Error('writes-round.ts runs as a child of writes-compare.ts (it answers over IPC)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-bench-round-'));
  const db = (await openAppDatabase(path.join(dir, 'bench.db'))) as Db;
  const actor: Actor = { id: 'bench-admin', name: 'Bench Admin', role: 'admin' };
  const now = new Date();
  await db
    .insert(user)
    .values({ id: actor.id, name: actor.name, email: 'bench@example.org', role: 'admin', createdAt: now, updatedAt: now })
    .run();
  const insert = await articleInserter();
  process.on('message', (message: { size?: RoundSize; stop?: true }) => {
    if (message.stop || !message.size) {
      // Both versions' handles close through their writer connection (the newer one also has a reader, closed on exit).
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
    round(db, actor, insert, message.size).then(
      (figures) => send({ figures }),
      (error: unknown) => send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  send({ ready: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
