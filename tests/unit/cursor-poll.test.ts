import { describe, expect, it } from 'vitest';
import type { AnnotationChanges } from '@/server/domain/annotation-index';
import type { ChangeEvent } from '@/components/annotations/store/change-source';
import { CursorPollSource } from '@/components/annotations/store/cursor-poll';

function poll(answers: Array<AnnotationChanges | null>) {
  const asked: number[] = [];
  const events: ChangeEvent[] = [];
  const source = new CursorPollSource({
    articleId: 1,
    revision: 1,
    cursor: 5,
    intervalMs: 60_000,
    isVisible: () => true,
    fetchChanges: async (since) => {
      asked.push(since);
      return answers.shift() ?? null;
    },
  });
  source.subscribe((e) => events.push(e));
  return { source, asked, events };
}

describe('CursorPollSource', () => {
  it('asks after the last cursor it was given, and reports a quiet round as an empty event', async () => {
    const { source, asked, events } = poll([{ cursor: 7, revision: 1, changed: [], removed: ['x'] }, null]);
    source.start();
    await source.syncNow();
    await source.syncNow();
    source.stop();
    expect(asked).toEqual([5, 7]);
    expect(events).toEqual([
      { kind: 'changes', changed: [], removed: ['x'] },
      { kind: 'changes', changed: [], removed: [] },
    ]);
  });

  it('says once that a newer revision exists, then stops asking', async () => {
    const { source, asked, events } = poll([{ cursor: 9, revision: 2, changed: [], removed: [] }]);
    source.start();
    await source.syncNow();
    await source.syncNow();
    source.stop();
    expect(asked).toEqual([5]);
    expect(events).toEqual([{ kind: 'newRevision', revision: 2 }]);
  });

  it('asks nothing once stopped', async () => {
    const { source, asked } = poll([]);
    await source.syncNow();
    expect(asked).toEqual([]);
  });
});
