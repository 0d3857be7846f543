import { rawAll, rawGet, rawRun } from '../../db/raw';
import type { Node as PMNode } from 'prosemirror-model';
import { withTx } from '../../server/services/transaction';
import { closeDatabase } from '../../db/client';
// Search benchmark, part of `npm run bench` (BENCH_ONLY=search):
//  1. "Checked before" quality on tests/fixtures/checked-before.ts: recall@1,
//     recall@3 over the paraphrase pairs, the false-suggestion rate over the
//     claims with no earlier check, and what each part of the matching adds.
//  2. Speed on a seeded desk: p95 server time of a search and of "Checked
//     before", the cost of a full rebuild (npm run db:reindex), and the cost of
//     an annotation write with the index against one without it.
// The issue's target desk is 2,000 articles and 100,000 annotations; seeding
// that takes minutes on a shared 2-core machine, so the default is a fifth of
// it: BENCH_SEARCH_ARTICLES=2000 BENCH_SEARCH_ANNOTATIONS=100000 for the full size.
// BENCH_SEARCH_CACHE=1 keeps the seeded desk in the temp folder for the next run (see seedCachePath);
// BENCH_SEARCH_SPEED_ONLY=1 leaves out the matching quality, BENCH_VERBOSE=1 lists the slowest queries.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../../db/client';
import { annotations, evidence, user } from '../../db/schema';
import { findQuote, quoteAt } from '../../server/domain/anchoring';
import { createAnnotationInput, updateAnnotationInput } from '../../server/domain/annotation.types';
import type { Actor } from '../../server/domain/roles';
import { searchInput } from '../../server/domain/search.types';
import { importArticle } from '../../server/import';
import { createAnnotation, updateAnnotation } from '../../server/services/annotations';
import { insertArticle } from '../../server/services/articles';
import { checkedBefore, searchChecks } from '../../server/services/search';
import { indexArticle, rebuildSearchIndex, SEARCH_INDEX_VERSION, setIndexingForBenchmark } from '../../server/services/search-index';
import { claimTerms, type TermOptions } from '../../server/services/search-terms';
import { BACKGROUND_CLAIMS, NO_MATCH_CLAIMS, PARAPHRASE_PAIRS, type ParaphrasePair } from '../fixtures/checked-before';
import { HELD_OUT_NO_MATCH, HELD_OUT_PAIRS } from '../fixtures/checked-before-held-out';
import { seedDatabase } from '../../server/seed';
import { random } from './random';

const ARTICLES = Number(process.env.BENCH_SEARCH_ARTICLES ?? 400);
const ANNOTATIONS = Number(process.env.BENCH_SEARCH_ANNOTATIONS ?? 20_000);
const QUERIES = 200;
const WRITES = Number(process.env.BENCH_SEARCH_WRITES ?? 500);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 5);

const rand = random(17_017);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];

const actor: Actor = { id: 'bench-admin', name: 'Bench Admin', role: 'admin' };

async function freshDb(dir: string, name: string): Promise<Db> {
  process.env.FACTCHECK_SKIP_SAMPLE = '1';
  const db = openDatabase(path.join(dir, name));
  // The verdict scale: opening a file applies migrations only; the app's first-run data comes from the seed.
  await seedDatabase(db);
  const now = new Date();
  await db
    .insert(user)
    .values({ id: actor.id, name: actor.name, email: 'bench@example.org', role: 'admin', createdAt: now, updatedAt: now })
    .run();
  return db;
}

/** An article whose paragraphs are these claims, each annotated, as the app stores them; returns the annotation ids in order. */
async function articleOfClaims(db: Db, title: string, claims: string[]): Promise<{ articleId: number; ids: string[] }> {
  const { doc } = importArticle({ text: [title, ...claims.map((c) => `${c}.`)].join('\n\n'), format: 'text' });
  return withTx(db, async (tx) => {
    const article = await insertArticle(tx, { title, doc });
    const ids: string[] = [];
    for (const claim of claims) {
      const range = findQuote(doc, claim);
      if (!range) throw new Error(`not in the article: ${claim}`);
      const id = randomUUID();
      await tx
        .insert(annotations)
        .values({
          id,
          articleId: article.id,
          anchorFrom: range.from,
          anchorTo: range.to,
          ...quoteAt(doc, range.from, range.to),
          verdictKey: pick(['false', 'true', 'misleading', 'mostly-false']),
          rationale: 'Checked against the published figures.',
          authorName: actor.name,
          authorId: actor.id,
          status: 'approved',
        })
        .run();
      ids.push(id);
    }
    await indexArticle(tx, article.id);
    return { articleId: article.id, ids };
  });
}

/** Rewrites claim_fts with other term options, to measure what each part of the matching adds. */
async function reindexClaims(db: Db, options: TermOptions) {
  await withTx(db, async (tx) => {
    await rawRun(tx, sql`DELETE FROM claim_fts`);
    const rows = await rawAll<{ id: number; exact: string; summary: string }>(
      tx,
      sql`
      SELECT d.id AS id, a.exact AS exact, a.claim_summary AS summary FROM search_docs d JOIN annotations a ON a.id = d.ref WHERE d.kind = 'annotation'`,
    );
    for (const row of rows) {
      const terms = claimTerms(`${row.exact}\n${row.summary}`, options);
      if (terms.length) await rawRun(tx, sql`INSERT INTO claim_fts (rowid, terms) VALUES (${row.id}, ${terms.join(' ')})`);
    }
  });
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/**
 * Recall and false suggestions of one set of pairs: each pair's earlier claim is annotated in its article, the other
 * checks on the desk around them, and each later claim (and each claim with no earlier check) is asked from a later article.
 */
async function evaluate(
  dir: string,
  file: string,
  set: { label: string; pairs: ParaphrasePair[]; noMatch: string[]; others: string[] },
  variants: [string, TermOptions][],
) {
  const db = await freshDb(dir, file);
  const titles = [...new Set(set.pairs.map((p) => p.article))];
  const expected = new Map<number, string>();
  for (const title of titles) {
    const pairs = set.pairs.map((p, i) => ({ p, i })).filter(({ p }) => p.article === title);
    const { ids } = await articleOfClaims(
      db,
      title,
      pairs.map(({ p }) => p.earlier),
    );
    for (const [k, { i }] of pairs.entries()) expected.set(i, ids[k]);
  }
  await articleOfClaims(db, 'Earlier checks on other subjects', set.others);
  // The later article, where the reworded claims are being annotated.
  const { articleId: later } = await articleOfClaims(db, 'Later article', ['placeholder claim for the later article']);

  await rebuildSearchIndex(db);
  console.log(
    `\n"Checked before" matching, ${set.label}: ${set.pairs.length} paraphrase pairs, ${set.noMatch.length} claims with no earlier check, ${set.others.length} other checks on the desk`,
  );
  const byKind = new Map<string, { n: number; hit: number }>();
  for (const [name, options] of variants) {
    await reindexClaims(db, options);
    let at1 = 0;
    let at3 = 0;
    for (const [i, pair] of set.pairs.entries()) {
      const found = (await checkedBefore(db, { articleId: later, text: pair.later }, { terms: options })).map((c) => c.annotationId);
      const rank = found.indexOf(expected.get(i)!);
      if (rank === 0) at1++;
      if (rank >= 0 && rank < 3) at3++;
      if (options.synonyms) {
        const k = byKind.get(pair.kind) ?? { n: 0, hit: 0 };
        k.n++;
        if (rank >= 0 && rank < 3) k.hit++;
        byKind.set(pair.kind, k);
        if (process.env.BENCH_VERBOSE && (rank < 0 || rank >= 3)) console.log(`    missed: ${pair.later}`);
      }
    }
    let falseOnes = 0;
    for (const claim of set.noMatch) {
      const found = await checkedBefore(db, { articleId: later, text: claim }, { terms: options });
      if (process.env.BENCH_VERBOSE && options.synonyms && found.length) console.log(`    false suggestion: ${claim} → ${found[0].quote}`);
      if (found.length > 0) falseOnes++;
    }
    const n = set.pairs.length;
    console.log(
      `  ${name.padEnd(22)} recall@1 ${pct(at1 / n)} (${at1}/${n}), recall@3 ${pct(at3 / n)} (${at3}/${n}), false suggestions ${pct(falseOnes / set.noMatch.length)} (${falseOnes}/${set.noMatch.length})`,
    );
  }
  console.log(
    `  recall@3 by kind: ${[...byKind].map(([kind, k]) => `${kind} ${k.hit}/${k.n}`).join(', ')} (targets: recall@3 ≥ 80%, false suggestions ≤ 10%)`,
  );
  closeDatabase(db);
}

const VARIANTS: [string, TermOptions][] = [
  ['BM25 on plain words', { stem: false, numbers: false, synonyms: false }],
  ['+ stemming', { stem: true, numbers: false, synonyms: false }],
  ['+ numbers', { stem: true, numbers: true, synonyms: false }],
  ['+ synonyms (all)', { stem: true, numbers: true, synonyms: true }],
];

async function quality(dir: string) {
  await evaluate(
    dir,
    'quality.db',
    {
      label: 'in-sample set (the synonym list was written beside it: a best case)',
      pairs: PARAPHRASE_PAIRS,
      noMatch: NO_MATCH_CLAIMS,
      others: BACKGROUND_CLAIMS,
    },
    VARIANTS,
  );
  // The held-out set, among every earlier check of the in-sample set as well: more on the desk to be confused with.
  await evaluate(
    dir,
    'held-out.db',
    {
      label: 'held-out set (written after the matcher, not tuned to)',
      pairs: HELD_OUT_PAIRS,
      noMatch: HELD_OUT_NO_MATCH,
      others: [...BACKGROUND_CLAIMS, ...PARAPHRASE_PAIRS.map((p) => p.earlier)],
    },
    VARIANTS,
  );
}

// ——— speed ———

const VOCABULARY = [
  ...new Set(
    [...PARAPHRASE_PAIRS.flatMap((p) => [p.earlier, p.later]), ...BACKGROUND_CLAIMS, ...NO_MATCH_CLAIMS]
      .join(' ')
      .toLowerCase()
      .match(/[a-z]{3,}/g)!,
  ),
];
const sentence = (n: number, r: () => number = rand) =>
  Array.from({ length: n }, () => VOCABULARY[Math.floor(r() * VOCABULARY.length)]).join(' ');
/** The queries and claims asked of the desk: their own random numbers, so a desk from the cache is asked the same ones. */
const askRand = random(17_018);

async function seed(db: Db) {
  const started = performance.now();
  const perArticle = Math.ceil(ANNOTATIONS / ARTICLES);
  const verdictKeys = ['true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'misleading'];
  const statuses = ['draft', 'in_review', 'approved', 'changes_requested'] as const;
  let made = 0;
  for (let a = 0; a < ARTICLES; a++) {
    const paragraphs = Array.from({ length: perArticle }, () => `${sentence(14)}.`);
    const { doc } = importArticle({ text: [`Article ${a}: ${sentence(5)}`, ...paragraphs].join('\n\n'), format: 'text' });
    await withTx(db, async (tx) => {
      const article = await insertArticle(tx, { title: `Article ${a}: ${sentence(5)}`, doc });
      let p = 0;
      const blocks: { node: PMNode; offset: number }[] = [];
      doc.forEach((node, offset) => {
        blocks.push({ node, offset });
      });
      for (const { node, offset } of blocks) {
        if (node.type.name !== 'paragraph' || made >= ANNOTATIONS || p++ >= perArticle) continue;
        const text = node.textContent;
        const end = text.indexOf(' ', text.indexOf(' ', text.indexOf(' ', 40) + 1) + 1);
        const from = offset + 1;
        const to = offset + 1 + (end > 0 ? end : text.length - 1);
        const id = randomUUID();
        await tx
          .insert(annotations)
          .values({
            id,
            articleId: article.id,
            anchorFrom: from,
            anchorTo: to,
            ...quoteAt(doc, from, to),
            verdictKey: pick(verdictKeys),
            rationale: sentence(25),
            authorName: actor.name,
            authorId: actor.id,
            status: pick(statuses),
          })
          .run();
        await tx
          .insert(evidence)
          .values({ annotationId: id, url: `https://example.org/source/${int(1e6)}`, title: sentence(4), position: 0 })
          .run();
        made++;
      }
    });
  }
  const seeded = performance.now() - started;
  const t0 = performance.now();
  const counts = await rebuildSearchIndex(db);
  return { seeded, rebuild: performance.now() - t0, counts };
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/**
 * BENCH_SEARCH_CACHE=1 (or a folder): the seeded and indexed desk is kept in the system's temp folder, keyed by its
 * size and the index version, and copied from there on the next run (seeding the full size takes minutes); opening
 * the copy applies any newer migration, as for any database. Off by default: a run without it measures seeding and
 * the rebuild too. Delete the file when the seeding below changes.
 */
function seedCachePath(): string | null {
  const setting = process.env.BENCH_SEARCH_CACHE;
  if (!setting || setting === '0') return null;
  return path.join(setting === '1' ? os.tmpdir() : setting, `factcheck-search-seed-${ARTICLES}-${ANNOTATIONS}-v${SEARCH_INDEX_VERSION}.db`);
}

async function seededDb(dir: string): Promise<Db> {
  const cached = seedCachePath();
  const file = path.join(dir, 'speed.db');
  if (cached && fs.existsSync(cached)) {
    fs.copyFileSync(cached, file);
    console.log(`  desk copied from ${cached} (BENCH_SEARCH_CACHE): seeding and the rebuild not measured`);
    return openDatabase(file);
  }
  const db = await freshDb(dir, 'speed.db');
  const { seeded, rebuild, counts } = await seed(db);
  console.log(
    `  seeding ${(seeded / 1000).toFixed(1)} s; full rebuild of the index (npm run db:reindex): ${(rebuild / 1000).toFixed(1)} s for ${counts.annotations.toLocaleString('en-US')} annotations`,
  );
  if (cached) {
    await rawRun(db, sql`VACUUM INTO ${cached}`);
    console.log(`  desk kept in ${cached} for the next run`);
  }
  return db;
}

async function speed(dir: string) {
  console.log(
    `\nSearch on a seeded desk: ${ARTICLES.toLocaleString('en-US')} articles, ${ANNOTATIONS.toLocaleString('en-US')} annotations (load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')})`,
  );
  const db = await seededDb(dir);
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const words = i % 4 === 0 ? `"${sentence(2, askRand)}"` : sentence(1 + (i % 3), askRand);
    return searchInput.parse(i % 5 === 0 ? { q: words, verdict: 'false' } : i % 7 === 0 ? { q: '', status: 'in_review' } : { q: words });
  });
  for (const q of queries.slice(0, 20)) await searchChecks(db, actor, q);
  // Wall time, and this process's CPU time beside it: on a loaded machine a query's wall time is mostly waiting for a core.
  const cpuTime = async (into: number[], f: () => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    const wall = await time(f);
    const c = process.cpuUsage(c0);
    into.push((c.user + c.system) / 1000);
    return wall;
  };
  const searchTimes: number[] = [];
  const searchCpu: number[] = [];
  for (const q of queries) searchTimes.push(await cpuTime(searchCpu, async () => await searchChecks(db, actor, q)));
  const laterArticle = (await rawGet<{ id: number }>(db, sql`SELECT max(id) AS id FROM articles`)).id;
  const claims = Array.from({ length: 100 }, () => sentence(8, askRand));
  const suggestTimes: number[] = [];
  const suggestCpu: number[] = [];
  for (const text of claims)
    suggestTimes.push(await cpuTime(suggestCpu, async () => await checkedBefore(db, { articleId: laterArticle, text })));
  console.log(
    `  search: median ${median(searchTimes).toFixed(1)} ms, p95 ${p95(searchTimes).toFixed(1)} ms over ${QUERIES} queries (target p95 ≤ 50 ms); CPU time median ${median(searchCpu).toFixed(1)} ms, p95 ${p95(searchCpu).toFixed(1)} ms (load average ${os.loadavg()[0].toFixed(1)})`,
  );
  if (process.env.BENCH_VERBOSE) {
    const slowest = <T>(xs: T[], times: number[]) =>
      times
        .map((t, i) => ({ t, x: xs[i] }))
        .sort((a, b) => b.t - a.t)
        .slice(0, 12)
        .map(({ t, x }) => `    ${t.toFixed(0)} ms ${JSON.stringify(x)}`)
        .join('\n');
    console.log(`  slowest searches:\n${slowest(queries, searchTimes)}\n  slowest "Checked before":\n${slowest(claims, suggestTimes)}`);
  }
  console.log(
    `  "Checked before": median ${median(suggestTimes).toFixed(1)} ms, p95 ${p95(suggestTimes).toFixed(1)} ms server time (target: shown within 150 ms); CPU time median ${median(suggestCpu).toFixed(1)} ms, p95 ${p95(suggestCpu).toFixed(1)} ms`,
  );

  // Writes with and without the index, alternating in rounds so that the machine's load falls on both alike.
  const { doc } = importArticle({
    text: ['Write benchmark', ...Array.from({ length: 20 }, () => `${sentence(14)}.`)].join('\n\n'),
    format: 'text',
  });
  const articleId = (await withTx(db, async (tx) => await insertArticle(tx, { title: 'Write benchmark', doc }))).id;
  const spans: { from: number; to: number; exact: string }[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name !== 'paragraph') return;
    const from = offset + 1;
    const to = offset + 1 + node.textContent.indexOf(' ', 20);
    spans.push({ from, to, exact: quoteAt(doc, from, to).exact });
  });
  const write = async () => {
    const span = pick(spans);
    const made = await createAnnotation(
      db,
      actor,
      createAnnotationInput.parse({ id: randomUUID(), articleId, anchor: span, verdict: 'false', rationale: sentence(20) }),
    );
    await updateAnnotation(
      db,
      actor,
      updateAnnotationInput.parse({ id: made.id, expectedVersion: made.version, verdict: 'true', rationale: sentence(20) }),
    );
  };
  // Wall time, and this process's CPU time (user + system): on a machine shared with other work the wall time of a
  // write is mostly waiting for the CPU and the disk, which falls on both sides alike but makes their ratio noisy.
  // ROUNDS rounds, each of WRITES / ROUNDS writes with and as many without, in turn (a slow spell of the machine falls
  // on both alike); each round gives a ratio of medians, and the figure is the median of the rounds' ratios.
  const timed = async (wall: number[], cpu: number[]) => {
    const c0 = process.cpuUsage();
    wall.push(await time(write));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  };
  for (let i = 0; i < 10; i++) await write();
  const rounds: { wall: number; cpu: number; withWall: number; withoutWall: number; withCpu: number; withoutCpu: number }[] = [];
  const perRound = Math.max(10, Math.round(WRITES / ROUNDS));
  for (let r = 0; r < ROUNDS; r++) {
    const withIndex: number[] = [];
    const without: number[] = [];
    const cpuWith: number[] = [];
    const cpuWithout: number[] = [];
    for (let i = 0; i < perRound; i++) {
      setIndexingForBenchmark(false);
      await timed(without, cpuWithout);
      setIndexingForBenchmark(true);
      await timed(withIndex, cpuWith);
    }
    rounds.push({
      wall: median(withIndex) / median(without),
      cpu: median(cpuWith) / median(cpuWithout),
      withWall: median(withIndex),
      withoutWall: median(without),
      withCpu: median(cpuWith),
      withoutCpu: median(cpuWithout),
    });
  }
  const ratios = (key: 'wall' | 'cpu') =>
    rounds
      .map((r) => r[key])
      .sort((a, b) => a - b)
      .map((x) => `×${x.toFixed(2)}`)
      .join(' ');
  const mid = (key: keyof (typeof rounds)[number]) => median(rounds.map((r) => r[key]));
  console.log(
    `  annotation write (create + update), ${ROUNDS} rounds of ${perRound} with and ${perRound} without the index (load average ${os.loadavg()[0].toFixed(1)}):`,
  );
  console.log(
    `    wall time: median round ×${mid('wall').toFixed(2)} (rounds: ${ratios('wall')}); ${mid('withWall').toFixed(2)} ms with, ${mid('withoutWall').toFixed(2)} ms without (target ≤ ×1.3)`,
  );
  console.log(
    `    CPU time of this process: median round ×${mid('cpu').toFixed(2)} (rounds: ${ratios('cpu')}); ${mid('withCpu').toFixed(2)} ms with, ${mid('withoutCpu').toFixed(2)} ms without`,
  );
  closeDatabase(db);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-search-bench-'));
  try {
    if (process.env.BENCH_SEARCH_SPEED_ONLY !== '1') await quality(dir);
    if (process.env.BENCH_SEARCH_QUALITY_ONLY !== '1') await speed(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const done = Promise.resolve().then(main);
