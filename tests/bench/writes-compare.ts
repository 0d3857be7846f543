// Before/after for the writes benchmark on a shared, noisy machine: the
// synchronous services' commit and the current code each run in a child
// process of their own (tests/bench/writes-round.ts), kept warm, and take
// turns running one short round at a time, in the order ABBA BAAB … so that a
// drift in the machine's load falls on both sides alike. Each figure is
// compared round by round (after/before of two rounds a few seconds apart), and
// what is printed is the median of those ratios with its spread: the
// interquartile range and a bootstrap 90% interval of the median. A figure
// meets the ×1.2 target when the whole interval is at or under 1.2.
import { type ChildProcess, execSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { random } from './random';
import type { RoundFigures, RoundSize } from './writes-round';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const WORKER = 'tests/bench/writes-round.ts';
export const TARGET = 1.2;

interface Side {
  child: ChildProcess;
  run(size: RoundSize): Promise<RoundFigures>;
  stop(): void;
}

function start(cwd: string): Promise<Side> {
  const child = fork(path.join(cwd, WORKER), [], {
    cwd,
    execArgv: ['--conditions=react-server', '--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let answer: ((message: { figures?: RoundFigures; error?: string; ready?: true }) => void) | null = null;
  child.on('message', (message: { figures?: RoundFigures; error?: string; ready?: true }) => answer?.(message));
  const next = () =>
    new Promise<{ figures?: RoundFigures; error?: string; ready?: true }>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the benchmark process in ${cwd} exited (${code})`));
      child.once('exit', exited);
      answer = (message) => {
        child.off('exit', exited);
        answer = null;
        resolve(message);
      };
    });
  return next().then(() => ({
    child,
    async run(size) {
      const reply = next();
      child.send({ size });
      const { figures, error } = await reply;
      if (!figures) throw new Error(error ?? 'no figures');
      return figures;
    },
    stop() {
      if (child.connected) child.send({ stop: true });
    },
  }));
}

interface Figure {
  key: keyof RoundFigures;
  label: string;
  unit: string;
  /** Writes per second: more is better, so the ratio is before/after. */
  higherIsBetter?: boolean;
}

export const FIGURES: Figure[] = [
  { key: 'singleCreateP50', label: 'one writer: create p50', unit: 'ms' },
  { key: 'singleUpdateP50', label: 'one writer: update p50', unit: 'ms' },
  { key: 'writesPerSecond', label: 'writers: writes/s', unit: '/s', higherIsBetter: true },
  { key: 'createP50', label: 'writers: create p50', unit: 'ms' },
  { key: 'createP95', label: 'writers: create p95', unit: 'ms' },
  { key: 'updateP50', label: 'writers: update p50', unit: 'ms' },
  { key: 'singleCreateCpu', label: 'CPU per create, one writer', unit: 'ms' },
  { key: 'singleUpdateCpu', label: 'CPU per update, one writer', unit: 'ms' },
  { key: 'concurrentCpu', label: 'CPU per write, writers', unit: 'ms' },
];

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
};
const median = (xs: number[]) => quantile(xs, 0.5);

/** A bootstrap 90% interval of the median (2,000 resamples, a fixed seed: the same ratios give the same interval). */
function bootstrap(xs: number[]): [number, number] {
  const rand = random(90);
  const medians = Array.from({ length: 2000 }, () => median(Array.from(xs, () => xs[Math.floor(rand() * xs.length)])));
  return [quantile(medians, 0.05), quantile(medians, 0.95)];
}

export interface Comparison {
  key: keyof RoundFigures;
  label: string;
  unit: string;
  before: number;
  after: number;
  ratio: number;
  iqr: [number, number];
  interval: [number, number];
  verdict: 'met' | 'missed' | 'unsettled';
}

export function compare(before: RoundFigures[], after: RoundFigures[]): Comparison[] {
  return FIGURES.map(({ key, label, unit, higherIsBetter }) => {
    const ratios = before.map((b, i) => (higherIsBetter ? b[key] / after[i][key] : after[i][key] / b[key]));
    const interval = bootstrap(ratios);
    return {
      key,
      label,
      unit,
      before: median(before.map((f) => f[key])),
      after: median(after.map((f) => f[key])),
      ratio: median(ratios),
      iqr: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
      interval,
      verdict: interval[1] <= TARGET ? 'met' : interval[0] > TARGET ? 'missed' : 'unsettled',
    };
  });
}

/**
 * Runs `rounds` rounds on each side (after one warm-up round each, not counted) and prints the comparison.
 * Returns null, having said why, when the commit cannot be extracted (a shallow clone).
 */
export async function compareWithCommit(commit: string, rounds: number, size: RoundSize): Promise<Comparison[] | null> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-bench-before-'));
  const sides: Side[] = [];
  try {
    try {
      execSync(`git -C ${JSON.stringify(ROOT)} archive ${commit} | tar -x -C ${JSON.stringify(copy)}`, { stdio: 'ignore' });
    } catch {
      console.log(`  (commit ${commit} is not in this checkout: no same-run comparison)`);
      return null;
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    fs.copyFileSync(path.join(ROOT, WORKER), path.join(copy, WORKER));
    fs.copyFileSync(path.join(HERE, 'random.ts'), path.join(copy, 'tests/bench/random.ts'));
    const before = await start(copy);
    sides.push(before);
    const after = await start(ROOT);
    sides.push(after);
    await before.run(size);
    await after.run(size);
    const b: RoundFigures[] = [];
    const a: RoundFigures[] = [];
    for (let i = 0; i < rounds; i++) {
      // ABBA BAAB …: each side goes first as often as second, at every stage of a drift.
      const beforeFirst = [0, 3].includes(i % 4);
      if (beforeFirst) {
        b.push(await before.run(size));
        a.push(await after.run(size));
      } else {
        a.push(await after.run(size));
        b.push(await before.run(size));
      }
      if (process.env.BENCH_VERBOSE) {
        const last = (xs: RoundFigures[]) => xs[xs.length - 1];
        console.log(
          `  round ${i + 1}: writes/s ${last(b).writesPerSecond.toFixed(0)} → ${last(a).writesPerSecond.toFixed(0)}, one-writer update ${last(b).singleUpdateP50.toFixed(2)} → ${last(a).singleUpdateP50.toFixed(2)} ms`,
        );
      }
    }
    return compare(b, a);
  } finally {
    for (const side of sides) side.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

export function printComparison(commit: string, rounds: number, size: RoundSize, rows: Comparison[]): void {
  const n = (x: number) => x.toFixed(2).padStart(7);
  console.log(
    `\nAgainst the synchronous services (commit ${commit}), ${rounds} alternating rounds each (one writer: ${size.single} creates + ${size.single} updates; ${size.writers} writers × ${size.perWriter} create + update), load average ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(`  ratio = after/before per round (writes/s: before/after), ×>1 is slower; target ≤ ×${TARGET}`);
  for (const r of rows) {
    console.log(
      `  ${r.label.padEnd(28)} ${n(r.before)} → ${n(r.after)} ${r.unit.padEnd(3)} ×${r.ratio.toFixed(2)}  IQR ×${r.iqr[0].toFixed(2)}–${r.iqr[1].toFixed(2)}  90% ×${r.interval[0].toFixed(2)}–${r.interval[1].toFixed(2)}  ${r.verdict}`,
    );
  }
}
