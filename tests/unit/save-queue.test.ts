import { describe, expect, it } from 'vitest';
import { SaveQueue, type SaveStatus } from '@/components/annotations/save-queue';

class Refused extends Error {}

function setup() {
  const statuses: SaveStatus[] = [];
  const queue = new SaveQueue({
    isRefusal: (e) => e instanceof Refused,
    describeError: (e) => (e as Error).message,
    onStatus: (s) => statuses.push(s),
    retryDelaysMs: [1],
    sleep: () => Promise.resolve(),
  });
  const idle = () =>
    new Promise<void>((resolve) => {
      const check = () => (queue.pending === 0 && statuses.at(-1)?.state === 'saved' ? resolve() : setTimeout(check, 1));
      check();
    });
  return { queue, statuses, idle };
}

describe('SaveQueue', () => {
  it('runs saves in order, one at a time', async () => {
    const { queue, idle } = setup();
    const log: string[] = [];
    let running = 0;
    for (const name of ['create', 'update', 'delete']) {
      queue.enqueue({
        describe: name,
        run: async () => {
          running++;
          expect(running).toBe(1);
          await new Promise((r) => setTimeout(r, 5));
          log.push(name);
          running--;
        },
        onRefused: () => {},
      });
    }
    await idle();
    expect(log).toEqual(['create', 'update', 'delete']);
  });

  it('retries a failing save until it goes through, reporting why', async () => {
    const { queue, statuses, idle } = setup();
    let attempts = 0;
    queue.enqueue({
      describe: 'annotation',
      run: async () => {
        attempts++;
        if (attempts < 4) throw new Error('Failed to fetch');
      },
      onRefused: () => {
        throw new Error('not a refusal');
      },
    });
    await idle();
    expect(attempts).toBe(4);
    expect(statuses.filter((s) => s.state === 'retrying')).toHaveLength(3);
    expect(statuses.find((s) => s.state === 'retrying')).toMatchObject({ reason: 'annotation: Failed to fetch' });
    expect(statuses.at(-1)).toEqual({ state: 'saved' });
  });

  it('hands a refused save back with the error and goes on with the next', async () => {
    const { queue, idle } = setup();
    const refused: unknown[] = [];
    let nextRan = false;
    queue.enqueue({ describe: 'bad', run: () => Promise.reject(new Refused('Unknown verdict')), onRefused: (e) => refused.push(e) });
    queue.enqueue({ describe: 'good', run: async () => void (nextRan = true), onRefused: () => {} });
    await idle();
    expect(refused).toHaveLength(1);
    expect((refused[0] as Error).message).toBe('Unknown verdict');
    expect(nextRan).toBe(true);
  });
});
