// Write benchmark, part of `npm run bench`: creating and updating an
// annotation on a short article (~500 words) against a long one (~52,600
// words), on a temporary SQLite file migrated as the server does it. A write
// should cost about the same on both: the ratio long/short is the figure to watch.
// Runs server modules, so `npm run bench` runs with --conditions=react-server
// (where `server-only` is an empty module).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Node as PMNode } from 'prosemirror-model';
import type { Db } from '../../db/client';
import { openAppDatabase } from '../../server/database';
import { user } from '../../db/schema';
import { createAnnotationInput, updateAnnotationInput } from '../../server/domain/annotation.types';
import { articleSchema as s } from '../../server/domain/article-schema';
import type { Actor } from '../../server/domain/roles';
import { createAnnotation, updateAnnotation } from '../../server/services/annotations';
import { insertArticle } from '../../server/services/articles';
import { random } from './random';

const WORDS_PER_PARAGRAPH = 100;
const SHORT_PARAGRAPHS = 5;
const LONG_PARAGRAPHS = 526;
const WARM_UP = 20;
const RUNS = 200;

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

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function measure(db: Db, actor: Actor, paragraphs: number): { create: number; update: number } {
  const { doc, blocks } = article(paragraphs);
  const { id: articleId } = db.transaction((tx) => insertArticle(tx, { title: 'Benchmark article', doc }));
  const create = () =>
    createAnnotation(
      db,
      actor,
      createAnnotationInput.parse({ id: randomUUID(), articleId, anchor: anchorIn(blocks), verdict: 'false', rationale: 'Measured.' }),
    );
  const update = (a: { id: string; version: number }) =>
    updateAnnotation(
      db,
      actor,
      updateAnnotationInput.parse({ id: a.id, expectedVersion: a.version, verdict: 'false', rationale: `Measured again ${randomUUID()}.` }),
    );
  for (let i = 0; i < WARM_UP; i++) update(create());
  const made: { id: string; version: number }[] = [];
  const creates = Array.from({ length: RUNS }, () => time(() => made.push(create())));
  const updates = made.map((a) => time(() => update(a)));
  return { create: median(creates), update: median(updates) };
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-bench-'));
  try {
    const db = openAppDatabase(path.join(dir, 'bench.db'));
    const actor: Actor = { id: 'bench-admin', name: 'Bench Admin', role: 'admin' };
    const now = new Date();
    db.insert(user)
      .values({ id: actor.id, name: actor.name, email: 'bench@example.org', role: 'admin', createdAt: now, updatedAt: now })
      .run();
    const short = measure(db, actor, SHORT_PARAGRAPHS);
    const long = measure(db, actor, LONG_PARAGRAPHS);
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`\nAnnotation writes, median of ${RUNS} each after ${WARM_UP} warm-up writes`);
    console.log(
      `  short article (${SHORT_PARAGRAPHS * WORDS_PER_PARAGRAPH} words): create ${ms(short.create)}, update ${ms(short.update)}`,
    );
    console.log(
      `  long article (${(LONG_PARAGRAPHS * WORDS_PER_PARAGRAPH).toLocaleString('en-US')} words): create ${ms(long.create)}, update ${ms(long.update)}`,
    );
    console.log(`  long/short: create ×${(long.create / short.create).toFixed(1)}, update ×${(long.update / short.update).toFixed(1)}`);
    db.$client.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Synchronous work would hold the thread while the import benchmark's pool
// jobs wait (and time out): run.ts starts it once the one before has finished.
export const done = Promise.resolve().then(main);
