// Saves on their way to the server, kept in the browser (IndexedDB, per person
// and article) from the moment they are made until the server confirms or
// refuses them, so that a reload, a closed browser or a server that is down
// loses none of them: the next page of the same person on the same article
// sends them again, in the order they were made (AnnotationStore.resume).
// Each entry is what the save needs to be made again: the content, and for an
// edit the version it was made on, so that a save refused on return goes
// through the conflict path with both versions kept.
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import type { AnnotationDraft } from '../annotation-draft';
import type { Anchor } from './types';

export type OutboxSave =
  | { kind: 'create'; id: string; anchor: Anchor; draft: AnnotationDraft; author: { id: string; name: string } }
  /** `base`: the annotation as shown when the edit was made; its version is the one the edit was made on. */
  | { kind: 'update'; id: string; draft: AnnotationDraft; base: AnnotationView; editor: { id: string; name: string } }
  | { kind: 'delete'; id: string }
  /** Undoing a delete: the annotation as it was. */
  | { kind: 'restore'; id: string; summary: AnnotationSummary; view: AnnotationView | null };

export type OutboxEntry = OutboxSave & {
  /** Sorts in the order saves were made. */
  key: string;
  /** The tab that made it: another tab's entries are its own business while that tab is open. */
  tab: string;
};

export interface Outbox {
  /** True when entries survive a reload (IndexedDB is there). */
  readonly persistent: boolean;
  /** Keeps a save; returns its key. The write happens in the background, in order with the others. */
  add(save: OutboxSave): string;
  /** The save landed or was refused (and handed to the page). */
  remove(key: string): void;
  /** Entries left by pages that are gone (a reload, a closed tab), oldest first; from now on this tab's. */
  adopt(): Promise<OutboxEntry[]>;
  /** Resolves when every write so far is done. */
  flushed(): Promise<void>;
}

/** A random id for this tab. */
export const newTabId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;

let counter = 0;
const nextKey = (prefix: string) => `${prefix}${String(Date.now()).padStart(15, '0')}-${String(counter++).padStart(6, '0')}`;

/** The outbox without storage: kept in memory for as long as the page is open (no IndexedDB, tests). */
export class MemoryOutbox implements Outbox {
  readonly persistent: boolean = false;
  readonly entries = new Map<string, OutboxEntry>();

  constructor(private readonly tab = 'memory') {}

  add(save: OutboxSave): string {
    const key = nextKey('');
    this.entries.set(key, { ...save, key, tab: this.tab });
    return key;
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  async adopt(): Promise<OutboxEntry[]> {
    return [];
  }

  async flushed(): Promise<void> {}
}

/** Which tabs are open now (their lock is held); null when the browser cannot say. */
export type OpenTabs = () => Promise<Set<string> | null>;

const LOCK_PREFIX = 'factcheck-tab:';

/** Holds this tab's lock for as long as the page lives, so that other tabs know its entries are in hand. */
export function holdTabLock(tab: string): void {
  if (typeof navigator === 'undefined' || !navigator.locks) return;
  void navigator.locks.request(`${LOCK_PREFIX}${tab}`, () => new Promise<never>(() => {})).catch(() => undefined);
}

export const openTabsByLocks: OpenTabs = async () => {
  if (typeof navigator === 'undefined' || !navigator.locks) return null;
  const { held = [] } = await navigator.locks.query();
  return new Set(held.flatMap((lock) => (lock.name?.startsWith(LOCK_PREFIX) ? [lock.name.slice(LOCK_PREFIX.length)] : [])));
};

export class IdbOutbox implements Outbox {
  readonly persistent: boolean = true;
  private readonly prefix: string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: UseStore,
    owner: { userId: string; articleId: number },
    private readonly tab: string,
    private readonly openTabs: OpenTabs = openTabsByLocks,
  ) {
    this.prefix = `${owner.userId}|${owner.articleId}|`;
  }

  add(save: OutboxSave): string {
    const key = nextKey(this.prefix);
    const entry: OutboxEntry = { ...save, key, tab: this.tab };
    this.queue(() => set(key, entry, this.store));
    return key;
  }

  remove(key: string): void {
    this.queue(() => del(key, this.store));
  }

  async adopt(): Promise<OutboxEntry[]> {
    await this.flushed();
    const [all, open] = await Promise.all([entries<string, OutboxEntry>(this.store), this.openTabs()]);
    const left = all
      .filter(([key, entry]) => typeof key === 'string' && key.startsWith(this.prefix) && entry.tab !== this.tab && !open?.has(entry.tab))
      .map(([, entry]) => entry)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const entry of left) {
      entry.tab = this.tab;
      this.queue(() => set(entry.key, entry, this.store));
    }
    return left;
  }

  flushed(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** One write at a time, in the order asked: a removal never overtakes the write it removes. */
  private queue(write: () => Promise<unknown>): void {
    this.tail = this.tail.then(write).catch((error) => {
      // A full or blocked storage: the save is still in the page's queue, only a reload could lose it.
      console.warn('The outbox could not be written', error);
    });
  }
}

/** The page's outbox: IndexedDB when the browser has it, else memory. */
export function openOutbox(owner: { userId: string; articleId: number }, tab: string): Outbox {
  if (typeof indexedDB === 'undefined') return new MemoryOutbox(tab);
  try {
    holdTabLock(tab);
    return new IdbOutbox(createStore('factcheck-outbox', 'saves'), owner, tab);
  } catch {
    return new MemoryOutbox(tab);
  }
}
