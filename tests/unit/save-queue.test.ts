// The queue under fake timers: jobs take (fake) time, retries wait (fake)
// delays, and every test drives the clock up to a deadline. Nothing is
// asserted inside a job: the queue catches what a job throws and retries it,
// so an assertion there would turn a failure into an endless retry. Jobs only
// record what happened; the test judges the record once the queue is idle.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaveQueue, type SaveStatus } from '@/components/annotations/save-queue';

class Refused extends Error {}

/** Fake milliseconds a test may take before it is declared stuck. */
const DEADLINE_MS = 60_000;
const STEP_MS = 10;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(retryDelaysMs = [100, 200, 400]) {
  const statuses: SaveStatus[] = [];
  // No `sleep` option: the queue's own setTimeout waits, which the fake clock controls.
  const queue = new SaveQueue({
    isRefusal: (e) => e instanceof Refused,
    describeError: (e) => (e as Error).message,
    onStatus: (s) => statuses.push(s),
    retryDelaysMs,
  });
  const isIdle = () => queue.pending === 0 && statuses.at(-1)?.state === 'saved';
  /** Advances the fake clock until the queue is idle; fails (instead of hanging) past the deadline. */
  async function settle(): Promise<number> {
    let elapsed = 0;
    await vi.advanceTimersByTimeAsync(0);
    while (!isIdle()) {
      if (elapsed >= DEADLINE_MS) throw new Error(`the queue was not idle after ${DEADLINE_MS} ms (pending: ${queue.pending})`);
      await vi.advanceTimersByTimeAsync(STEP_MS);
      elapsed += STEP_MS;
    }
    return elapsed;
  }
  return { queue, statuses, settle };
}

/** A job that takes `ms` of fake time and records when it ran and how many ran beside it. */
function recorder() {
  let running = 0;
  let maxRunning = 0;
  const started: string[] = [];
  const finished: string[] = [];
  const job = (name: string, ms: number, fail?: () => unknown) => ({
    describe: name,
    run: async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      started.push(name);
      try {
        await new Promise((r) => setTimeout(r, ms));
        const error = fail?.();
        if (error) throw error;
        finished.push(name);
      } finally {
        running--;
      }
    },
    onRefused: () => {},
  });
  return { job, started, finished, maxRunning: () => maxRunning, running: () => running };
}

describe('SaveQueue', () => {
  it('runs saves in order, one at a time', async () => {
    const { queue, settle } = setup();
    const r = recorder();
    queue.enqueue(r.job('create', 50));
    queue.enqueue(r.job('update', 30));
    // One more while the first is running, as an edit made during a save is.
    await vi.advanceTimersByTimeAsync(10);
    queue.enqueue(r.job('delete', 10));
    await settle();
    expect(r.maxRunning()).toBe(1);
    expect(r.started).toEqual(['create', 'update', 'delete']);
    expect(r.finished).toEqual(['create', 'update', 'delete']);
    expect(r.running()).toBe(0);
  });

  it('does not start the next save while the one before it waits to be retried', async () => {
    const { queue, settle } = setup([100]);
    const r = recorder();
    let attempts = 0;
    queue.enqueue(r.job('create', 20, () => (++attempts < 3 ? new Error('Failed to fetch') : null)));
    queue.enqueue(r.job('update', 20));
    await settle();
    expect(attempts).toBe(3);
    expect(r.maxRunning()).toBe(1);
    expect(r.started).toEqual(['create', 'create', 'create', 'update']);
    expect(r.finished).toEqual(['create', 'update']);
  });

  it('retries a failing save until it goes through, reporting why and when', async () => {
    const { queue, statuses, settle } = setup([100, 200]);
    let attempts = 0;
    const refusals: unknown[] = [];
    queue.enqueue({
      describe: 'annotation',
      run: async () => {
        attempts++;
        if (attempts < 4) throw new Error('Failed to fetch');
      },
      onRefused: (e) => refusals.push(e),
    });
    const elapsed = await settle();
    expect(attempts).toBe(4);
    expect(refusals).toEqual([]);
    const retrying = statuses.filter((s) => s.state === 'retrying');
    expect(retrying).toHaveLength(3);
    expect(retrying[0]).toMatchObject({ reason: 'annotation: Failed to fetch', nextAttemptInMs: 100 });
    // The last delay repeats for as long as it takes.
    expect(retrying.map((s) => s.nextAttemptInMs)).toEqual([100, 200, 200]);
    // It really waited them out: 100 + 200 + 200 ms of (fake) time.
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(statuses.at(-1)).toEqual({ state: 'saved' });
  });

  it('retries at once when asked instead of waiting out the delay', async () => {
    const { queue, statuses, settle } = setup([30_000]);
    let attempts = 0;
    queue.enqueue({
      describe: 'annotation',
      run: async () => {
        if (++attempts < 2) throw new Error('Failed to fetch');
      },
      onRefused: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'retrying', nextAttemptInMs: 30_000 });
    queue.retryNow();
    const elapsed = await settle();
    expect(attempts).toBe(2);
    expect(elapsed).toBeLessThan(30_000);
  });

  it('hands a refused save back with the error, does not retry it, and goes on with the next', async () => {
    const { queue, statuses, settle } = setup();
    const refused: unknown[] = [];
    let badAttempts = 0;
    let nextRan = false;
    queue.enqueue({
      describe: 'bad',
      run: () => {
        badAttempts++;
        return Promise.reject(new Refused('Unknown verdict'));
      },
      onRefused: (e) => refused.push(e),
    });
    queue.enqueue({
      describe: 'good',
      run: async () => {
        nextRan = true;
      },
      onRefused: () => {},
    });
    await settle();
    expect(badAttempts).toBe(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as Error).message).toBe('Unknown verdict');
    expect(statuses.filter((s) => s.state === 'retrying')).toEqual([]);
    expect(nextRan).toBe(true);
  });
});
