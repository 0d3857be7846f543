// The page's annotations and the saving of every change to them, as a plain
// class (no React: useAnnotationStore.ts hands it to components).
//
// The page starts from the compact index (every annotation's place, verdict
// and status) and loads full versions only for what it shows (rows on screen,
// the open form, annotations needing re-anchoring). Changes show at once (the
// optimistic copy) and are saved in order through the save queue; the
// server's answer replaces the optimistic copy unless newer local edits are
// still on their way, and a refusal puts the server's copy back. Other
// reviewers' saves come from a change source (change-source.ts). Creates,
// edits, deletes and restores are kept in the outbox (outbox.ts) until the
// server answers, so a reload or a browser restart sends them again (resume).
import type { AnnotationView } from '@/server/domain/annotation';
import { decodeIndex, type AnnotationIndex, type AnnotationSummary } from '@/server/domain/annotation-index';
import type { Actor } from '@/server/domain/roles';
import { draftOf, viewFieldsOf, type AnnotationDraft } from '../annotation-draft';
import { mergeFields, type FormBase } from '../form/merge-fields';
import { applyChange, withShownSummary, withView, type AnnotationState, type Change } from '../annotation-state';
import { SaveQueue, type SaveStatus } from '../save-queue';
import type { ChangeEvent, ChangeSource } from './change-source';
import { mergeChanges, type Deferred } from './merge-changes';
import { MemoryOutbox, type Outbox, type OutboxEntry } from './outbox';
import { quoteLabel, type Anchor, type Held, type Refusal } from './types';

/** The most full versions asked for at once (the server's limit too). */
const DETAILS_BATCH = 200;

/** The version of a create's copy shown before the server answers it. */
const UNSAVED_VERSION = 0;
/** The version the server gives a new annotation (db/schema.ts: annotations.version defaults to 1). */
const CREATED_VERSION = 1;

/** How often a save that met a newer version is merged and sent again before the reviewer is asked. */
const MERGE_ROUNDS = 3;

/** The saved annotation reads as the draft (evidence and claim fields included). */
function sameContent(saved: AnnotationView, draft: AnnotationDraft): boolean {
  const mine = viewFieldsOf(draft);
  const keys = ['verdict', 'rationale', 'claimSummary', 'claimAuthor', 'claimAppearanceUrl', 'claimAppearanceDate'] as const;
  const evidence = (list: AnnotationView['evidence']) => JSON.stringify(list.map((e) => [e.url, e.title, e.excerpt ?? null]));
  return keys.every((k) => (saved[k] ?? null) === (mine[k] ?? null)) && evidence(saved.evidence) === evidence(mine.evidence);
}

/** The server, as the store needs it (the tRPC client in the app, a fake in tests). */
export interface AnnotationApi {
  create(input: { id: string; articleId: number; anchor: Anchor } & AnnotationDraft): Promise<AnnotationView>;
  update(input: { id: string; expectedVersion: number } & AnnotationDraft): Promise<AnnotationView>;
  reattach(input: { id: string; expectedVersion: number; anchor: Anchor }): Promise<AnnotationView>;
  confirmAnchor(input: { id: string }): Promise<AnnotationView>;
  delete(input: { id: string }): Promise<unknown>;
  restore(input: { id: string }): Promise<AnnotationView>;
  details(input: { articleId: number; ids: string[] }): Promise<AnnotationView[]>;
}

/** How the store reads a failed request. */
export interface ApiErrors {
  /** The server looked and said no: sending it again will not help (otherwise the save is retried). */
  isRefusal(error: unknown): boolean;
  /** Someone else saved a newer version first. */
  isConflict(error: unknown): boolean;
  /** The annotation is not on the server (any more). */
  isGone(error: unknown): boolean;
  /** The server's sentence, for people. */
  message(error: unknown): string;
  /** Why a save is being retried, for the status line. */
  retryReason(error: unknown): string;
  /** The server could not be reached at all (offline, down), as opposed to an error it answered with. */
  isUnreachable?(error: unknown): boolean;
}

/** What the page asks of the store and answers to it; they may change on every render. */
export interface StoreHandlers {
  onRefused: (refusal: Refusal) => void;
  /** True for the annotation open in the form: remote copies must not replace it under the reviewer's hands. */
  isOpen: (id: string) => boolean;
  /** The server confirmed a create or an update with this content (the page's kept draft of it can go). */
  onSaved: (id: string, draft: AnnotationDraft) => void;
  /** The words of an annotation's quote, read from the article (the index carries none). */
  quoteOf: (a: AnnotationSummary) => string;
}

export interface AnnotationStoreOptions {
  api: AnnotationApi;
  errors: ApiErrors;
  article: { id: number; revision: number };
  initialIndex: AnnotationIndex;
  /** Full versions the page came with (the first rows of the list). */
  initialDetails: AnnotationView[];
  handlers: StoreHandlers;
  /** For tests: the save queue's waits between attempts. */
  retryDelaysMs?: number[];
  /** Where saves wait until the server answers (IndexedDB in the app); memory when absent. */
  outbox?: Outbox;
}

/** What components render; a new object whenever any of it changes. */
export interface AnnotationSnapshot {
  annotations: AnnotationState;
  status: SaveStatus;
  /** Another reviewer saved a newer revision: no more changes come in for this one. */
  staleRevision: boolean;
}

export class AnnotationStore {
  private snapshot: AnnotationSnapshot;
  private readonly listeners = new Set<() => void>();
  /** The last copy the server confirmed of each annotation (summary always, full version when loaded): what a refusal goes back to. */
  private readonly confirmed: Map<string, Held>;
  /** Local changes per annotation still on their way to the server. */
  private readonly pending = new Map<string, number>();
  /** Remote changes held back while their annotation was busy here. */
  private readonly deferred: Deferred = new Map();
  /** Full versions asked for and not in yet. */
  private readonly requested = new Set<string>();
  /** Versions this page's own updates made, per annotation: the version edited → the version saved (see expectedVersion). */
  private readonly ownVersions = new Map<string, Map<number, number>>();
  private readonly queue: SaveQueue;
  private readonly outbox: Outbox;
  /**
   * Edits sent again from the outbox after a reload: the version they were made
   * on, then the one their predecessor landed as. The page's copy came from a
   * newer index, which may hold someone else's change the edit never saw.
   */
  private readonly replayBase = new Map<string, number>();
  private handlers: StoreHandlers;
  private resuming: Promise<void> = Promise.resolve();

  constructor(private readonly options: AnnotationStoreOptions) {
    const ordered = decodeIndex(options.initialIndex);
    const details = new Map(options.initialDetails.map((v) => [v.id, v]));
    this.snapshot = {
      annotations: { ordered, byId: new Map(ordered.map((a) => [a.id, a])), details },
      status: { state: 'saved' },
      staleRevision: false,
    };
    this.confirmed = new Map(ordered.map((a) => [a.id, { summary: a, view: details.get(a.id) ?? null }]));
    this.handlers = options.handlers;
    this.outbox = options.outbox ?? new MemoryOutbox();
    this.queue = new SaveQueue({
      isRefusal: options.errors.isRefusal,
      isUnreachable: options.errors.isUnreachable,
      describeError: options.errors.retryReason,
      onStatus: (status) => this.publish({ status }),
      retryDelaysMs: options.retryDelaysMs,
    });
  }

  // ——— For React (useSyncExternalStore) ———

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AnnotationSnapshot => this.snapshot;

  setHandlers(handlers: StoreHandlers): void {
    this.handlers = handlers;
  }

  hasPendingSaves(): boolean {
    return this.queue.pending > 0;
  }

  /** Saves on their way that a reload would lose (the outbox cannot keep them). */
  hasUnkeptSaves(): boolean {
    return this.queue.pending > 0 && !this.outbox.persistent;
  }

  /** Resolves when the outbox has written everything so far (tests, benchmarks). */
  outboxFlushed(): Promise<void> {
    return this.outbox.flushed();
  }

  /** Try the failing save again now instead of waiting out the delay. */
  retryNow(): void {
    this.queue.retryNow();
  }

  // ——— Changes made here ———

  // The server sets the author from the session; the optimistic copy shows the same until its answer arrives.
  create(id: string, anchor: Anchor, draft: AnnotationDraft, me: Actor): void {
    const author = { id: me.id, name: me.name };
    this.createKept(id, anchor, draft, author, this.outbox.add({ kind: 'create', id, anchor, draft, author }));
  }

  private createKept(id: string, anchor: Anchor, draft: AnnotationDraft, me: { id: string; name: string }, key: string): void {
    const now = new Date().toISOString();
    this.change({
      upsert: [
        withView({
          id,
          articleId: this.options.article.id,
          ...anchor,
          prefix: '',
          suffix: '',
          ...viewFieldsOf(draft),
          anchorStatus: 'exact',
          anchorScore: null,
          status: 'draft',
          previousExact: null,
          recheckQuote: null,
          discussionResolved: false,
          author: me.name,
          authorId: me.id,
          updatedBy: null,
          version: UNSAVED_VERSION,
          createdAt: now,
          updatedAt: now,
        }),
      ],
    });
    this.track(id);
    this.queue.enqueue({
      describe: quoteLabel(anchor.exact),
      run: async () => {
        const saved = await this.options.api.create({ id, articleId: this.options.article.id, anchor, ...draft });
        // A form left open on the new annotation edits "version 0", the copy shown while it was saving: that is this one.
        this.recordOwn(id, UNSAVED_VERSION, saved.version);
        this.settle(id, saved);
        this.outbox.remove(key);
        this.handlers.onSaved(id, draft);
      },
      onRefused: (error) => {
        this.outbox.remove(key);
        this.pending.delete(id);
        this.change({ remove: [id] });
        this.handlers.onRefused({ kind: 'create', id, anchor, draft, message: this.options.errors.message(error), error });
      },
    });
  }

  /**
   * Saves `draft`, written from `base` (the version the form opened on; by
   * default the copy shown now). A newer version on the server (anyone's
   * change, a restored version) is merged field by field: fields only one side
   * changed are kept from that side; a field both changed is handed back for
   * the reviewer to decide (onRefused with `theirs`). Never sent over it blindly.
   */
  update(id: string, draft: AnnotationDraft, me: Actor, base?: FormBase): void {
    const before = this.snapshot.annotations.details.get(id);
    if (!before) return;
    const from = base ?? { version: before.version, draft: draftOf(before) };
    const editor = { id: me.id, name: me.name };
    this.updateKept(id, draft, before, from, editor, this.outbox.add({ kind: 'update', id, draft, base: before, editor }));
  }

  private updateKept(
    id: string,
    draft: AnnotationDraft,
    before: AnnotationView,
    from: FormBase,
    me: { id: string; name: string },
    key: string,
  ): void {
    this.change({ upsert: [withView({ ...before, ...viewFieldsOf(draft), updatedBy: me.id !== before.authorId ? me.name : null })] });
    this.track(id);
    const { api, errors } = this.options;
    this.queue.enqueue({
      describe: quoteLabel(before.exact),
      run: async () => {
        // An edit sent again from the outbox after a reload goes against the version its predecessor landed as.
        const edited = this.replayedVersion(id) ?? this.expectedVersion(id, from.version);
        let sending = { expectedVersion: edited, draft };
        for (let round = 0; ; round++) {
          try {
            const saved = await api.update({ id, expectedVersion: sending.expectedVersion, ...sending.draft });
            this.recordOwn(id, edited, saved.version);
            if (this.replayBase.has(id)) this.replayBase.set(id, saved.version);
            this.settle(id, saved);
            this.outbox.remove(key);
            this.handlers.onSaved(id, draft);
            return;
          } catch (error) {
            if (!errors.isConflict(error) || round >= MERGE_ROUNDS) throw error;
            const [theirs] = await api.details({ articleId: this.options.article.id, ids: [id] });
            if (!theirs) throw error;
            if (sameContent(theirs, draft)) {
              // Theirs is this very edit: it landed before the page could hear so (a reload, a server killed mid-save).
              if (this.replayBase.has(id)) this.replayBase.set(id, theirs.version);
              this.settle(id, theirs);
              this.outbox.remove(key);
              this.handlers.onSaved(id, draft);
              return;
            }
            this.remember(theirs);
            const merged = mergeFields(from.draft, draft, draftOf(theirs));
            // A field both changed: the reviewer decides (onRefused below shows both versions).
            if (merged.conflicts.length > 0) throw error;
            sending = { expectedVersion: theirs.version, draft: merged.draft };
          }
        }
      },
      onRefused: async (error) => {
        this.outbox.remove(key);
        if (errors.isGone(error)) {
          // Deleted on the server: nothing to go back to. The page offers the text as a new annotation.
          this.pending.delete(id);
          this.confirmed.delete(id);
          this.change({ remove: [id] });
          this.handlers.onRefused({ kind: 'update', id, draft, message: errors.message(error), error, previous: before, base: from });
          return;
        }
        let theirs: AnnotationView | undefined;
        if (errors.isConflict(error)) {
          // Someone else saved first. Show their version, and let this reviewer decide with both in view.
          [theirs] = await api.details({ articleId: this.options.article.id, ids: [id] }).catch(() => []);
          if (theirs && sameContent(theirs, draft)) {
            // Theirs is this very edit: it landed before the page could hear so (a reload, a server killed mid-save).
            this.settle(id, theirs);
            this.handlers.onSaved(id, draft);
            return;
          }
          if (theirs) this.remember(theirs);
        }
        this.revert(id, withView(before));
        // The page merges the two versions (merge-fields.ts) and says what waits for a decision.
        this.handlers.onRefused({ kind: 'update', id, draft, message: errors.message(error), error, theirs, previous: before, base: from });
      },
    });
  }

  reattach(id: string, anchor: Anchor): void {
    const current = this.held(id);
    if (!current) return;
    this.patchAnchor(current, anchor);
    this.track(id);
    this.queue.enqueue({
      describe: quoteLabel(this.quote(current)),
      run: async () => {
        const expectedVersion = this.confirmedVersion(id) ?? current.summary.version;
        this.settle(id, await this.options.api.reattach({ id, expectedVersion, anchor }));
      },
      onRefused: (error) => {
        this.revert(id, current);
        this.refuse('re-attach', id, this.quote(current), error);
      },
    });
  }

  confirmAnchor(id: string): void {
    const current = this.held(id);
    if (!current) return;
    this.patchAnchor(current, null);
    this.track(id);
    this.queue.enqueue({
      describe: quoteLabel(this.quote(current)),
      run: async () => this.settle(id, await this.options.api.confirmAnchor({ id })),
      onRefused: (error) => {
        this.revert(id, current);
        this.refuse('confirm', id, this.quote(current), error);
      },
    });
  }

  /**
   * Deletes at once; returns what was deleted so the page can offer Undo. A
   * delete the server refuses puts the annotation back as the server has it,
   * and changes others make to it meanwhile wait instead of being lost.
   */
  remove(id: string): Held | null {
    const current = this.held(id);
    if (!current) return null;
    this.removeKept(current, this.outbox.add({ kind: 'delete', id }));
    return current;
  }

  private removeKept(current: Held, key: string): void {
    const { id } = current.summary;
    this.change({ remove: [id] });
    this.track(id);
    this.queue.enqueue({
      describe: quoteLabel(this.quote(current)),
      run: async () => {
        await this.options.api.delete({ id });
        this.settle(id, null);
        this.outbox.remove(key);
      },
      onRefused: (error) => {
        this.outbox.remove(key);
        this.revert(id, current);
        this.refuse('delete', id, this.quote(current), error);
      },
    });
  }

  restore(deleted: Held): void {
    const { id } = deleted.summary;
    this.restoreKept(deleted, this.outbox.add({ kind: 'restore', id, summary: deleted.summary, view: deleted.view }));
  }

  private restoreKept(deleted: Held, key: string): void {
    const { id } = deleted.summary;
    this.change({ upsert: [{ summary: deleted.summary, view: deleted.view }] });
    this.track(id);
    this.queue.enqueue({
      describe: quoteLabel(this.quote(deleted)),
      run: async () => {
        this.settle(id, await this.options.api.restore({ id }));
        this.outbox.remove(key);
      },
      onRefused: (error) => {
        this.outbox.remove(key);
        this.revert(id, null);
        this.refuse('restore', id, this.quote(deleted), error);
      },
    });
  }

  /**
   * Sends again, in order, the saves a page that is gone left in the outbox
   * (a reload, a closed browser). What the index shows already landed is let
   * go; the rest is shown at once and queued like a save made now, edits
   * against the version they were made on.
   */
  /** Takes over what pages that are gone left in the outbox; safe to call again (a closing tab lets go a moment late). */
  resumeFromOutbox(): Promise<void> {
    this.resuming = this.resuming.then(async () => this.resume(await this.outbox.adopt())).catch(() => undefined);
    return this.resuming;
  }

  resume(entries: OutboxEntry[]): void {
    for (const entry of entries) {
      const shown = this.held(entry.id);
      switch (entry.kind) {
        case 'create':
          if (this.confirmed.has(entry.id)) {
            this.outbox.remove(entry.key);
            this.handlers.onSaved(entry.id, entry.draft);
          } else this.createKept(entry.id, entry.anchor, entry.draft, entry.author, entry.key);
          break;
        case 'update':
          if (!this.replayBase.has(entry.id)) this.replayBase.set(entry.id, entry.base.version);
          // Shown and refused as the copy it was made on: a conflict then shows that copy and the server's side by side.
          this.updateKept(
            entry.id,
            entry.draft,
            entry.base,
            { version: entry.base.version, draft: draftOf(entry.base) },
            entry.editor,
            entry.key,
          );
          break;
        case 'delete':
          if (shown) this.removeKept(shown, entry.key);
          else this.outbox.remove(entry.key);
          break;
        case 'restore':
          if (shown) this.outbox.remove(entry.key);
          else this.restoreKept({ summary: entry.summary, view: entry.view }, entry.key);
          break;
      }
    }
  }

  /** The server's answer to a step taken outside the queue (submit, approve, restore a version): shown unless local edits are on their way. */
  replaceFromServer(view: AnnotationView): void {
    this.remember(view);
    if (!this.pending.has(view.id)) this.change({ upsert: [withView(view)] });
  }

  // ——— Full versions ———

  /** Full versions of these annotations, asked for once each (rows scrolled into view, an annotation being opened). Resolves when they are in. */
  async loadDetails(ids: string[]): Promise<void> {
    const wanted = ids.filter(
      (id) => !this.requested.has(id) && !this.snapshot.annotations.details.has(id) && this.snapshot.annotations.byId.has(id),
    );
    if (wanted.length === 0) return;
    for (const id of wanted) this.requested.add(id);
    try {
      for (let i = 0; i < wanted.length; i += DETAILS_BATCH) {
        const views = await this.options.api.details({ articleId: this.options.article.id, ids: wanted.slice(i, i + DETAILS_BATCH) });
        // Only copies that match what the page shows: a local change on its way, or a newer copy already here, wins.
        const fitting = views.filter((v) => {
          const shown = this.snapshot.annotations.byId.get(v.id);
          return shown && !this.pending.has(v.id) && shown.version <= v.version;
        });
        for (const v of fitting) if ((this.confirmedVersion(v.id) ?? -1) <= v.version) this.remember(v);
        // The summary shown stays the same object when the full version agrees with it, so nothing but the row changes.
        this.change({ upsert: fitting.map((v) => withShownSummary(this.snapshot.annotations.byId.get(v.id), v)) });
      }
    } finally {
      for (const id of wanted) this.requested.delete(id);
    }
  }

  /** The full version of one annotation, loading it if needed (opening it from a highlight). */
  async detailsOf(id: string): Promise<AnnotationView | undefined> {
    const have = this.snapshot.annotations.details.get(id);
    if (have) return have;
    const [view] = await this.options.api.details({ articleId: this.options.article.id, ids: [id] });
    if (view && !this.pending.has(id)) {
      this.remember(view);
      this.change({ upsert: [withShownSummary(this.snapshot.annotations.byId.get(id), view)] });
    }
    return view;
  }

  // ——— Changes made elsewhere ———

  /** Listens to other reviewers' changes; returns the way to stop. */
  listenTo(source: ChangeSource): () => void {
    return source.subscribe((event) => this.receive(event));
  }

  /** Looks again at remote changes held back for busy annotations (the form closed, a save landed). */
  recheckDeferred(): void {
    if (this.deferred.size > 0) this.receive({ kind: 'changes', changed: [], removed: [] });
  }

  receive(event: ChangeEvent): void {
    if (this.snapshot.staleRevision) return;
    // A newer revision: its positions would not fit the text shown here.
    if (event.kind === 'newRevision') {
      this.publish({ staleRevision: true });
      return;
    }
    const busy = (id: string) => this.pending.has(id) || this.handlers.isOpen(id);
    // Deleted here (the delete landed, or is on its way and tracked as busy): copies from before it must not bring it back.
    const deletedHere = (id: string) => !this.snapshot.annotations.byId.has(id);
    const { updates, removals } = mergeChanges((id) => this.confirmedVersion(id), this.deferred, event, busy, deletedHere);
    for (const view of updates) this.confirmed.set(view.id, withView(view));
    for (const id of removals) this.confirmed.delete(id);
    this.change({ upsert: updates.map(withView), remove: removals });
  }

  // ——— Inside ———

  private publish(part: Partial<AnnotationSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...part };
    for (const listener of this.listeners) listener();
  }

  private change(c: Change): void {
    const annotations = applyChange(this.snapshot.annotations, c);
    if (annotations !== this.snapshot.annotations) this.publish({ annotations });
  }

  private held(id: string): Held | null {
    const summary = this.snapshot.annotations.byId.get(id);
    return summary ? { summary, view: this.snapshot.annotations.details.get(id) ?? null } : null;
  }

  private quote(h: Held): string {
    return h.view?.exact ?? this.handlers.quoteOf(h.summary);
  }

  /**
   * The version to send for an update edited from version `from`: past the
   * versions this page's own earlier updates made from it (a form opened on an
   * optimistic copy edits what that save made). Anyone else's change is not
   * skipped: it makes the save meet a newer version and merge.
   */
  private expectedVersion(id: string, from: number): number {
    const own = this.ownVersions.get(id);
    let version = from;
    for (let next = own?.get(version); next !== undefined && next > version; next = own?.get(version)) version = next;
    return version;
  }

  /**
   * The version an edit sent again from the outbox goes against. One made on
   * the page's copy of a create the server had not answered (version 0) was
   * made on what that create saved: the version it landed as here, or, when it
   * landed before the reload, the version every annotation is created at.
   */
  private replayedVersion(id: string): number | undefined {
    const base = this.replayBase.get(id);
    if (base === undefined) return undefined;
    return base === UNSAVED_VERSION ? (this.ownVersions.get(id)?.get(UNSAVED_VERSION) ?? CREATED_VERSION) : base;
  }

  private recordOwn(id: string, edited: number, saved: number): void {
    if (saved <= edited) return;
    const own = this.ownVersions.get(id) ?? new Map<number, number>();
    own.set(edited, saved);
    this.ownVersions.set(id, own);
  }

  private confirmedVersion(id: string): number | undefined {
    return this.confirmed.get(id)?.summary.version;
  }

  private track(id: string): void {
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
  }

  private remember(view: AnnotationView): void {
    this.confirmed.set(view.id, withView(view));
  }

  /** After a save lands: show the server's copy, unless newer local edits are still on their way. */
  private settle(id: string, saved: AnnotationView | null): void {
    if (saved) this.remember(saved);
    if (!this.release(id)) return;
    if (saved) this.change({ upsert: [withView(saved)] });
    this.recheckAfter(id);
  }

  /** Back to the server's copy after a refusal (or to `fallback` when the server never had one). */
  private revert(id: string, fallback: Held | null): void {
    if (!this.release(id)) return;
    const back = this.confirmed.get(id) ?? fallback;
    this.change(back ? { upsert: [{ summary: back.summary, view: back.view }] } : { remove: [id] });
    this.recheckAfter(id);
  }

  /** One local change of `id` is done; true when none is left on its way. */
  private release(id: string): boolean {
    const left = (this.pending.get(id) ?? 1) - 1;
    if (left > 0) this.pending.set(id, left);
    else {
      this.pending.delete(id);
      this.replayBase.delete(id);
    }
    return left <= 0;
  }

  /** Changes others made to `id` while it was busy here were held back: with the page showing the server's copy again, they may apply. */
  private recheckAfter(id: string): void {
    if (this.deferred.has(id)) this.recheckDeferred();
  }

  private refuse(what: string, id: string, words: string, error: unknown): void {
    this.handlers.onRefused({
      kind: 'other',
      id,
      message: `Could not ${what} the ${quoteLabel(words)}: ${this.options.errors.message(error)}`,
    });
  }

  /** Changes the optimistic copy's place or anchor state at once, on the summary and on the full version if loaded. */
  private patchAnchor(current: Held, anchor: Anchor | null): void {
    const fields = { anchorStatus: 'exact' as const, anchorScore: null, ...(anchor ? { from: anchor.from, to: anchor.to } : {}) };
    this.change({
      upsert: [
        {
          summary: { ...current.summary, ...fields, exact: null },
          view: current.view ? { ...current.view, ...fields, ...(anchor ? { exact: anchor.exact } : {}), previousExact: null } : undefined,
        },
      ],
    });
  }
}
