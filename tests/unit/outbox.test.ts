import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import { encodeIndex, summaryOf } from '@/server/domain/annotation-index';
import { EMPTY_DRAFT, type AnnotationDraft } from '@/components/annotations/annotation-draft';
import { AnnotationStore, type AnnotationApi, type StoreHandlers } from '@/components/annotations/store/AnnotationStore';
import { IdbOutbox, MemoryOutbox, type Outbox } from '@/components/annotations/store/outbox';
import type { Refusal } from '@/components/annotations/store/types';
import { errors, FakeServer, me, Refused, view } from './support/fake-annotation-server';

/** The network is down: not a refusal, so the save is retried. */
class Unreachable extends Error {}

const draft = (rationale: string): AnnotationDraft => ({ ...EMPTY_DRAFT, verdict: 'false', rationale });
let dbCount = 0;

function page(outbox: Outbox, initial: AnnotationView[], server = new FakeServer()) {
  const refusals: Refusal[] = [];
  const handlers: StoreHandlers = { onRefused: (r) => refusals.push(r), isOpen: () => false, onSaved: vi.fn(), quoteOf: () => 'text' };
  const store = new AnnotationStore({
    api: server.api,
    errors: { ...errors, isUnreachable: (e) => e instanceof Unreachable },
    article: { id: 1, revision: 1 },
    initialIndex: encodeIndex(10, initial.map(summaryOf)),
    initialDetails: initial,
    handlers,
    outbox,
    retryDelaysMs: [1000, 5000],
  });
  return { store, server, refusals, handlers };
}

/** One browser's IndexedDB, as a fresh page of the same person on the same article opens it. */
function browser() {
  const store = createStore(`outbox-test-${dbCount++}`, 'saves');
  const open = new Set<string>();
  return {
    open,
    outbox: (tab: string) => {
      open.add(tab);
      return new IdbOutbox(store, { userId: 'u1', articleId: 1 }, tab, async () => open);
    },
    /** The tab closed (its lock went with it). */
    close: (tab: string) => open.delete(tab),
  };
}

const settled = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('outbox', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps saves the server never answered; the next page sends them in the order they were made', async () => {
    const b = browser();
    const first = page(b.outbox('tab1'), [view('a'), view('b')]);
    first.store.create('n', { from: 1, to: 5, exact: 'text' }, draft('new one'), me);
    first.store.update('a', draft('edited offline'), me);
    first.store.remove('b');
    await first.store.outboxFlushed();
    // The page is reloaded before any answer: its tab is gone, its queue with it.
    b.close('tab1');

    const second = page(b.outbox('tab2'), [view('a'), view('b')]);
    await second.store.resumeFromOutbox();
    const { server } = second;
    // Shown at once, as before the reload.
    expect(second.store.getSnapshot().annotations.ordered.map((a) => a.id)).toEqual(['a', 'n']);
    expect(second.store.getSnapshot().annotations.details.get('a')?.rationale).toBe('edited offline');
    expect(second.store.getSnapshot().status.state).toBe('saving');

    const create = server.next('create');
    expect(create.input).toMatchObject({ id: 'n', rationale: 'new one', anchor: { from: 1, to: 5, exact: 'text' } });
    create.answer(view('n', { rationale: 'new one' }));
    await settled();
    const update = server.next('update');
    expect(update.input).toMatchObject({ id: 'a', expectedVersion: 1, rationale: 'edited offline' });
    update.answer(view('a', { rationale: 'edited offline', version: 2 }));
    await settled();
    server.next('delete').answer({ deleted: true });
    await settled();
    expect(second.store.getSnapshot().status.state).toBe('saved');
    expect(second.handlers.onSaved).toHaveBeenCalledWith('n', draft('new one'));

    // Nothing left for a third page.
    b.close('tab2');
    const third = page(b.outbox('tab3'), []);
    await third.store.resumeFromOutbox();
    expect(third.server.calls).toHaveLength(0);
  });

  it('an edit refused on return (someone saved meanwhile) goes to the conflict path with both versions', async () => {
    const b = browser();
    const first = page(b.outbox('tab1'), [view('a')]);
    first.store.update('a', draft('mine, offline'), me);
    await first.store.outboxFlushed();
    b.close('tab1');

    // Meanwhile Ben saved version 2: the new page's index has it.
    const theirs = view('a', { rationale: 'Ben’s', version: 2, updatedBy: 'Ben' });
    const second = page(b.outbox('tab2'), [theirs]);
    second.server.stored.set('a', theirs);
    await second.store.resumeFromOutbox();
    const update = second.server.next('update');
    // Sent against the version it was made on, not the newer one the page now shows.
    expect(update.input).toMatchObject({ expectedVersion: 1, rationale: 'mine, offline' });
    update.refuse(new Refused('CONFLICT', 'changed by Ben'));
    await settled();
    expect(second.refusals).toHaveLength(1);
    expect(second.refusals[0]).toMatchObject({
      kind: 'update',
      id: 'a',
      draft: { rationale: 'mine, offline' },
      theirs: { rationale: 'Ben’s', version: 2 },
      previous: { rationale: 'why a', version: 1 },
    });
    // The page shows theirs; the refusal is handed over, so the outbox lets it go.
    expect(second.store.getSnapshot().annotations.details.get('a')?.rationale).toBe('Ben’s');
    b.close('tab2');
    const third = page(b.outbox('tab3'), [theirs]);
    await third.store.resumeFromOutbox();
    expect(third.server.calls).toHaveLength(0);
  });

  it('what landed before the reload is not sent twice', async () => {
    const b = browser();
    const first = page(b.outbox('tab1'), [view('a')]);
    first.store.create('n', { from: 1, to: 5, exact: 'text' }, draft('landed'), me);
    first.store.update('a', draft('landed too'), me);
    await first.store.outboxFlushed();
    b.close('tab1');

    // The server had saved both (killed before the page heard): the index has them.
    const saved = view('a', { rationale: 'landed too', version: 2 });
    const second = page(b.outbox('tab2'), [saved, view('n', { rationale: 'landed' })]);
    second.server.stored.set('a', saved);
    await second.store.resumeFromOutbox();
    expect(second.handlers.onSaved).toHaveBeenCalledWith('n', draft('landed'));
    // The edit goes again against version 1: the server says conflict, and theirs is this very edit.
    second.server.next('update').refuse(new Refused('CONFLICT', 'changed'));
    await settled();
    expect(second.server.calls).toHaveLength(0);
    expect(second.refusals).toHaveLength(0);
    expect(second.handlers.onSaved).toHaveBeenCalledWith('a', draft('landed too'));
  });

  it('edits made on a create the server had not answered go against the version the create landed as', async () => {
    // Found by the outbox benchmark: a tab closed while the server was down held a create and two edits of it, made on
    // the page's unsaved copy (version 0). The next page sent the edits with expectedVersion 0, which the server's
    // input check refuses, and both edits were lost.
    for (const landedBeforeReload of [true, false]) {
      const b = browser();
      const first = page(b.outbox('tab1'), []);
      first.store.create('n', { from: 1, to: 5, exact: 'text' }, draft('made offline'), me);
      first.store.update('n', draft('edited offline'), me);
      first.store.update('n', draft('edited again'), me);
      await first.store.outboxFlushed();
      b.close('tab1');

      const created = view('n', { rationale: 'made offline', version: 1 });
      const second = page(b.outbox('tab2'), landedBeforeReload ? [created] : []);
      second.server.stored.set('n', created);
      await second.store.resumeFromOutbox();
      const { server } = second;
      if (!landedBeforeReload) {
        server.next('create').answer(created);
        await settled();
      }
      const edit = server.next('update');
      expect(edit.input).toMatchObject({ id: 'n', expectedVersion: 1, rationale: 'edited offline' });
      edit.answer(view('n', { rationale: 'edited offline', version: 2 }));
      await settled();
      const again = server.next('update');
      expect(again.input).toMatchObject({ id: 'n', expectedVersion: 2, rationale: 'edited again' });
      again.answer(view('n', { rationale: 'edited again', version: 3 }));
      await settled();
      expect(second.refusals).toEqual([]);
      expect(second.store.getSnapshot().status.state).toBe('saved');
      expect(second.store.getSnapshot().annotations.details.get('n')?.rationale).toBe('edited again');
    }
  });

  it('after an edit found landed already, the next one goes against the version it landed as', async () => {
    const b = browser();
    const first = page(b.outbox('tab1'), [view('a')]);
    first.store.update('a', draft('landed'), me);
    first.store.update('a', draft('not yet'), me);
    await first.store.outboxFlushed();
    b.close('tab1');

    // The first edit was saved (the server was killed before its answer); the page's index is older than it.
    const landed = view('a', { rationale: 'landed', version: 2 });
    const second = page(b.outbox('tab2'), [view('a')]);
    second.server.stored.set('a', landed);
    await second.store.resumeFromOutbox();
    second.server.next('update').refuse(new Refused('CONFLICT', 'changed'));
    await settled();
    const next = second.server.next('update');
    expect(next.input).toMatchObject({ id: 'a', expectedVersion: 2, rationale: 'not yet' });
    next.answer(view('a', { rationale: 'not yet', version: 3 }));
    await settled();
    expect(second.refusals).toEqual([]);
    expect(second.store.getSnapshot().status.state).toBe('saved');
  });

  it('leaves alone the saves of a tab that is still open', async () => {
    const b = browser();
    const first = page(b.outbox('tab1'), [view('a')]);
    first.store.update('a', draft('in hand'), me);
    await first.store.outboxFlushed();
    const second = page(b.outbox('tab2'), [view('a')]);
    await second.store.resumeFromOutbox();
    expect(second.server.calls).toHaveLength(0);
  });

  it('while the server cannot be reached, saves wait in order and say so; they go when it answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let down = true;
    const sent: string[] = [];
    const api = new Proxy({} as AnnotationApi, {
      get: (_, method: string) => async (input: { id: string; rationale?: string }) => {
        if (down) throw new Unreachable('fetch failed');
        sent.push(`${method} ${input.id}`);
        return view(input.id, { rationale: input.rationale ?? '', version: 2 });
      },
    });
    const outbox = new MemoryOutbox();
    const { store } = page(outbox, [view('a')], { api } as unknown as FakeServer);
    store.create('n', { from: 1, to: 5, exact: 'text' }, draft('one'), me);
    store.update('a', draft('two'), me);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot().status).toMatchObject({ state: 'retrying', unreachable: true, pending: 2 });
    expect([...outbox.entries.values()].map((e) => `${e.kind} ${e.id}`)).toEqual(['create n', 'update a']);
    await vi.advanceTimersByTimeAsync(6000);
    expect(sent).toEqual([]);
    down = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual(['create n', 'update a']);
    expect(store.getSnapshot().status.state).toBe('saved');
    expect(outbox.entries.size).toBe(0);
  });
});
