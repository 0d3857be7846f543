import { describe, expect, it, vi } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import { encodeIndex, summaryOf } from '@/server/domain/annotation-index';
import { EMPTY_DRAFT, type AnnotationDraft } from '@/components/annotations/annotation-draft';
import { AnnotationStore, type StoreHandlers } from '@/components/annotations/store/AnnotationStore';
import { ChangeListeners, type ChangeEvent, type ChangeListener, type ChangeSource } from '@/components/annotations/store/change-source';
import type { Refusal } from '@/components/annotations/store/types';
import { errors, FakeServer, me, Refused, view } from './support/fake-annotation-server';

class FakeSource implements ChangeSource {
  private readonly listeners = new ChangeListeners();
  subscribe(listener: ChangeListener) {
    return this.listeners.add(listener);
  }
  start() {}
  stop() {}
  async syncNow() {}
  emit(event: ChangeEvent) {
    this.listeners.emit(event);
  }
}

/** Lets the save queue take its next step. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(initial: AnnotationView[] = [view('a')], openId: string | null = null) {
  const server = new FakeServer();
  const source = new FakeSource();
  const refusals: Refusal[] = [];
  const open = { id: openId };
  const handlers: StoreHandlers = {
    onRefused: (r) => refusals.push(r),
    isOpen: (id) => open.id === id,
    onSaved: vi.fn(),
    quoteOf: () => 'text',
  };
  const store = new AnnotationStore({
    api: server.api,
    errors,
    article: { id: 1, revision: 1 },
    initialIndex: encodeIndex(10, initial.map(summaryOf)),
    initialDetails: initial,
    handlers,
  });
  store.listenTo(source);
  const shown = (id: string) => store.getSnapshot().annotations.details.get(id);
  const listed = () => store.getSnapshot().annotations.ordered.map((a) => a.id);
  return { server, source, store, refusals, handlers, open, shown, listed };
}

const draft = (rationale: string): AnnotationDraft => ({ ...EMPTY_DRAFT, verdict: 'false', rationale });

describe('AnnotationStore', () => {
  it('shows a new annotation at once and settles on the server’s copy', async () => {
    const { server, store, handlers, shown, listed } = setup([]);
    store.create('n', { from: 1, to: 5, exact: 'text' }, draft('mine'), me);
    expect(listed()).toEqual(['n']);
    expect(shown('n')).toMatchObject({ rationale: 'mine', version: 0, author: me.name });
    expect(store.getSnapshot().status.state).toBe('saving');

    server.next('create').answer(view('n', { rationale: 'mine', version: 1, updatedAt: 'now' }));
    await settled();
    expect(shown('n')).toMatchObject({ version: 1, updatedAt: 'now' });
    expect(handlers.onSaved).toHaveBeenCalledWith('n', draft('mine'));
    expect(store.getSnapshot().status.state).toBe('saved');
  });

  it('shows an edit at once, and keeps a newer edit on its way over the first one’s answer', async () => {
    const { server, store, shown } = setup();
    store.update('a', draft('first'), me);
    store.update('a', draft('second'), me);
    expect(shown('a')?.rationale).toBe('second');

    const first = server.next('update');
    expect(first.input).toMatchObject({ expectedVersion: 1, rationale: 'first' });
    first.answer(view('a', { rationale: 'first', version: 2 }));
    await settled();
    expect(shown('a')?.rationale).toBe('second');

    const second = server.next('update');
    // The second save is made against the version the first one produced.
    expect(second.input).toMatchObject({ expectedVersion: 2, rationale: 'second' });
    second.answer(view('a', { rationale: 'second', version: 3 }));
    await settled();
    expect(shown('a')).toMatchObject({ rationale: 'second', version: 3 });
  });

  it('deletes at once, and a remote copy from before the delete does not bring it back', async () => {
    const { server, source, store, listed } = setup([view('a'), view('b', { from: 10, to: 14 })]);
    const deleted = store.remove('a');
    expect(deleted?.summary.id).toBe('a');
    expect(listed()).toEqual(['b']);

    server.next('delete').answer(undefined);
    await settled();
    source.emit({ kind: 'changes', changed: [view('a', { version: 2 })], removed: [] });
    expect(listed()).toEqual(['b']);
    expect(store.getSnapshot().status.state).toBe('saved');
  });

  it('puts back an annotation whose delete the server refused, and takes the edits others make to it', async () => {
    const { server, source, store, refusals, listed, shown } = setup([view('a'), view('b', { from: 10, to: 14 })]);
    store.remove('a');
    // Someone edits it while the delete is on its way: held back, not dropped.
    source.emit({ kind: 'changes', changed: [view('a', { rationale: 'theirs', version: 2 })], removed: [] });
    expect(listed()).toEqual(['b']);

    server.next('delete').refuse(new Refused('FORBIDDEN', 'Only its author or an editor can delete this annotation'));
    await settled();
    expect(listed()).toEqual(['a', 'b']);
    expect(shown('a')).toMatchObject({ rationale: 'theirs', version: 2 });
    expect(refusals).toEqual([
      {
        kind: 'other',
        id: 'a',
        message: 'Could not delete the annotation on “text”: Only its author or an editor can delete this annotation',
      },
    ]);

    // And later edits keep coming in.
    source.emit({ kind: 'changes', changed: [view('a', { rationale: 'later', version: 3 })], removed: [] });
    expect(shown('a')).toMatchObject({ rationale: 'later', version: 3 });
  });

  it('on a conflict shows their version and hands back the reviewer’s text with both in view', async () => {
    const { server, store, refusals, shown } = setup();
    const theirs = view('a', { rationale: 'theirs', version: 2, updatedBy: 'Edgar Editor' });
    server.stored.set('a', theirs);
    store.update('a', draft('mine'), me);
    expect(shown('a')?.rationale).toBe('mine');

    server.next('update').refuse(new Refused('CONFLICT', 'Someone else saved this annotation first.'));
    await settled();
    expect(shown('a')).toEqual(theirs);
    expect(refusals).toHaveLength(1);
    const refusal = refusals[0];
    // Both changed the rationale: handed back with the version the save was written from, for the page to merge.
    expect(refusal).toMatchObject({ kind: 'update', id: 'a', draft: draft('mine'), theirs, base: { version: 1 } });
    expect(refusal.message).toBe('Someone else saved this annotation first.');

    // Keeping mine saves against their version.
    store.update('a', draft('mine'), me);
    expect(server.next('update').input).toMatchObject({ expectedVersion: 2 });
  });

  it('merges a save that met a newer version when the fields only they changed are not the ones this form changed', async () => {
    const { server, store, refusals, shown, handlers } = setup();
    const opened = { version: 1, draft: { ...draft('why a') } };
    const theirs = view('a', { claimAppearanceUrl: 'https://example.org/first-said', version: 2, updatedBy: 'Edgar Editor' });
    server.stored.set('a', theirs);
    store.update('a', draft('mine'), me, opened);
    const first = server.next('update');
    expect(first.input).toMatchObject({ expectedVersion: 1, rationale: 'mine', claimAppearanceUrl: '' });
    first.refuse(new Refused('CONFLICT', 'Someone else saved this annotation first.'));
    await settled();
    // Sent again over their version, with their claim details and this reviewer's rationale: nobody asked.
    const again = server.next('update');
    expect(again.input).toMatchObject({ expectedVersion: 2, rationale: 'mine', claimAppearanceUrl: 'https://example.org/first-said' });
    again.answer(view('a', { rationale: 'mine', claimAppearanceUrl: 'https://example.org/first-said', version: 3 }));
    await settled();
    expect(refusals).toEqual([]);
    expect(shown('a')).toMatchObject({ rationale: 'mine', claimAppearanceUrl: 'https://example.org/first-said', version: 3 });
    expect(handlers.onSaved).toHaveBeenCalledWith('a', draft('mine'));
  });

  it('saves a form against the version it opened on, not one restored meanwhile', async () => {
    const { server, store } = setup([view('a', { verdict: 'mixed', version: 2 })], 'a');
    const opened = { version: 2, draft: { ...draft('why a'), verdict: 'mixed' } };
    // "Restore this version" answered with the earlier verdict while the form stayed open.
    store.replaceFromServer(view('a', { verdict: 'false', version: 3 }));
    store.update('a', { ...opened.draft, claimSummary: 'Summary' }, me, opened);
    expect(server.next('update').input).toMatchObject({ expectedVersion: 2 });
  });

  it('a second save from a form opened on the first one’s optimistic copy edits what the first one made', async () => {
    const { server, store, shown } = setup();
    store.update('a', draft('first'), me, { version: 1, draft: draft('why a') });
    const reopened = { version: shown('a')!.version, draft: draft('first') };
    store.update('a', draft('second'), me, reopened);
    server.next('update').answer(view('a', { rationale: 'first', version: 2 }));
    await settled();
    expect(server.next('update').input).toMatchObject({ expectedVersion: 2, rationale: 'second' });
  });

  it('a form left open on a new annotation after Save edits what the create made (Save keeps the place)', async () => {
    const { server, store, shown } = setup([]);
    store.create('n', { from: 1, to: 5, exact: 'text' }, draft('first'), me);
    // The form now edits the copy shown while saving: version 0.
    const base = { version: shown('n')!.version, draft: draft('first') };
    store.update('n', draft('second'), me, base);
    server.next('create').answer(view('n', { rationale: 'first', version: 1 }));
    await settled();
    const update = server.next('update');
    expect(update.input).toMatchObject({ expectedVersion: 1, rationale: 'second' });
    update.answer(view('n', { rationale: 'second', version: 2 }));
    await settled();
    expect(shown('n')).toMatchObject({ rationale: 'second', version: 2 });
  });

  it('hands back a refused new annotation’s text and takes it off the page', async () => {
    const { server, store, refusals, listed } = setup([]);
    store.create('n', { from: 1, to: 5, exact: 'text' }, draft('mine'), me);
    server.next('create').refuse(new Refused('NOT_FOUND', 'No such article'));
    await settled();
    expect(listed()).toEqual([]);
    expect(refusals[0]).toMatchObject({ kind: 'create', id: 'n', draft: draft('mine') });
  });

  it('holds back a remote change to the annotation open in the form until it closes', () => {
    const { source, store, open, shown } = setup([view('a')], 'a');
    source.emit({ kind: 'changes', changed: [view('a', { rationale: 'theirs', version: 2 })], removed: [] });
    expect(shown('a')?.rationale).toBe('why a');

    open.id = null;
    store.recheckDeferred();
    expect(shown('a')).toMatchObject({ rationale: 'theirs', version: 2 });
  });

  it('applies a held-back change on the next event too (a polling source sends empty ones)', () => {
    const { source, open, shown, listed } = setup([view('a'), view('b', { from: 10, to: 14 })], 'b');
    source.emit({ kind: 'changes', changed: [view('a', { verdict: 'true', version: 2 })], removed: ['b'] });
    expect(shown('a')?.verdict).toBe('true');
    expect(listed()).toEqual(['a', 'b']);
    open.id = null;
    source.emit({ kind: 'changes', changed: [], removed: [] });
    expect(listed()).toEqual(['a']);
  });

  it('stops taking changes once a newer revision exists', () => {
    const { source, store, shown } = setup();
    source.emit({ kind: 'newRevision', revision: 2 });
    expect(store.getSnapshot().staleRevision).toBe(true);
    source.emit({ kind: 'changes', changed: [view('a', { rationale: 'theirs', version: 2 })], removed: [] });
    expect(shown('a')?.rationale).toBe('why a');
  });

  it('tells its subscribers of every change, with a new snapshot', () => {
    const { source, store } = setup();
    const before = store.getSnapshot();
    const heard = vi.fn();
    store.subscribe(heard);
    source.emit({ kind: 'changes', changed: [view('a', { version: 2 })], removed: [] });
    expect(heard).toHaveBeenCalled();
    expect(store.getSnapshot()).not.toBe(before);
  });
});
