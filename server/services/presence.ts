// Who has an article open, and which annotation each of them is editing: held
// in memory while the tab's live stream is open (joined when it connects, left
// when it closes), or for ~30 s after each heartbeat of a tab that fell back to
// the poll; pushed on the article's live stream when it changes, and never written to the events history.
// Several app processes on one PostgreSQL database share it (./presence-sync.ts): each process holds its own tabs
// ("local" entries) and the other processes' tabs as they announced them ("remote" entries, which expire unless
// renewed, so a process that died takes its tabs with it). On SQLite (one process) there are only local entries.
import 'server-only';
import type { Actor, Role } from '../domain/roles';

/** A heartbeat keeps a person present this long; a page on the fallback poll sends one every ~10 s. */
export const PRESENCE_TTL_MS = 30_000;
/** What a tab edits may be told just before its stream joins: the word holds the tab this long for the stream to arrive. */
export const JOIN_GRACE_MS = 10_000;

export interface PresentPerson {
  userId: string;
  name: string;
  role: Role;
  /** The annotations this person has open for editing (several tabs can each have one); empty when only reading. */
  editing: string[];
}

export interface PresenceRegistry {
  /** A page on the fallback poll: present for PRESENCE_TTL_MS. `clientId` tells one tab of a person from another; `editing` is the annotation open in it, or null. */
  heartbeat(articleId: number, person: Actor, clientId: string, editing: string | null): void;
  /** The tab's stream opened: present until the returned function is called (the stream closed). */
  join(articleId: number, person: Actor, clientId: string): () => void;
  /** What the tab now edits, told when it changes; it keeps a tab without a stream only for JOIN_GRACE_MS. */
  setEditing(articleId: number, person: Actor, clientId: string, editing: string | null): void;
  leave(articleId: number, userId: string, clientId: string): void;
  /** Who is here now, by name. */
  list(articleId: number): PresentPerson[];
  /** Called when the list of an article changes (arrivals, departures, expiry, editing). */
  subscribe(articleId: number, listener: () => void): () => void;
}

interface Entry {
  /** The app process that holds the tab, for another process's tab; null for this process's own. */
  origin: string | null;
  clientId: string;
  person: Actor;
  editing: string | null;
  /** Until when a heartbeat (or a word about editing) holds the tab without a stream. */
  expiresAt: number;
  /** The tab's open streams (a reconnect can overlap the old connection for a moment). */
  streams: number;
}

/** One tab of this process, as it is told to the other processes. */
export interface LocalTab {
  articleId: number;
  person: Actor;
  clientId: string;
  editing: string | null;
}

const entryKey = (userId: string, clientId: string) => `${userId}\u0000${clientId}`;
// Another process's tab: kept apart from a tab of the same id here (a page that reconnected to this process while its
// old stream on the other one has not closed yet), and from another process's.
const remoteKey = (origin: string, userId: string, clientId: string) => `\u0001${origin}\u0000${userId}\u0000${clientId}`;
const personOf = (person: Actor): Actor => ({ id: person.id, name: person.name, role: person.role });
const isPresent = (entry: Entry, now: number) => entry.streams > 0 || entry.expiresAt > now;

/** A registry that other processes' tabs can be added to (./presence-sync.ts). */
export interface ShareablePresence extends PresenceRegistry {
  onChange: ((articleId: number) => void) | null;
  localTabs(articleId?: number): LocalTab[];
  putRemote(origin: string, tab: LocalTab, ttlMs: number): void;
  dropRemote(origin: string, articleId: number, userId: string, clientId: string): void;
}

/** By shape, not instanceof: Next's route bundles may each hold their own copy of this module's class. */
export function isShareable(registry: PresenceRegistry): registry is ShareablePresence {
  const r = registry as Partial<ShareablePresence>;
  return typeof r.localTabs === 'function' && typeof r.putRemote === 'function' && typeof r.dropRemote === 'function';
}

export class InMemoryPresence implements ShareablePresence {
  private readonly articles = new Map<number, Map<string, Entry>>();
  private readonly listeners = new Map<number, Set<() => void>>();
  /** What each article's list looked like when last told, so an unchanged heartbeat tells nobody. */
  private readonly told = new Map<number, string>();
  private sweepTimer: ReturnType<typeof setTimeout> | null = null;
  private sweepAt = Number.POSITIVE_INFINITY;
  /** Told of every change to an article's entries (before the unchanged-list check): the sync announces this process's tabs. */
  onChange: ((articleId: number) => void) | null = null;

  constructor(private readonly ttlMs = PRESENCE_TTL_MS) {}

  heartbeat(articleId: number, person: Actor, clientId: string, editing: string | null): void {
    const entry = this.entry(articleId, person, clientId);
    entry.editing = editing;
    entry.expiresAt = Date.now() + this.ttlMs;
    this.scheduleSweep(entry.expiresAt);
    this.changed(articleId);
  }

  join(articleId: number, person: Actor, clientId: string): () => void {
    const key = entryKey(person.id, clientId);
    this.entry(articleId, person, clientId).streams++;
    this.changed(articleId);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const entry = this.articles.get(articleId)?.get(key);
      if (!entry) return;
      entry.streams = Math.max(0, entry.streams - 1);
      // A closed stream is a closed tab (or one reconnecting, which joins again): gone now, unless a heartbeat still holds it.
      if (!isPresent(entry, Date.now())) this.remove(articleId, key);
      else this.changed(articleId);
    };
  }

  setEditing(articleId: number, person: Actor, clientId: string, editing: string | null): void {
    const entry = this.entry(articleId, person, clientId);
    entry.editing = editing;
    if (!isPresent(entry, Date.now())) {
      // Told before the stream joined (or between two of its connections): held a moment for it.
      entry.expiresAt = Date.now() + JOIN_GRACE_MS;
      this.scheduleSweep(entry.expiresAt);
    }
    this.changed(articleId);
  }

  leave(articleId: number, userId: string, clientId: string): void {
    this.remove(articleId, entryKey(userId, clientId));
  }

  list(articleId: number): PresentPerson[] {
    const now = Date.now();
    const people = new Map<string, PresentPerson>();
    for (const entry of this.articles.get(articleId)?.values() ?? []) {
      if (!isPresent(entry, now)) continue;
      let person = people.get(entry.person.id);
      if (!person) {
        person = { userId: entry.person.id, name: entry.person.name, role: entry.person.role, editing: [] };
        people.set(person.userId, person);
      }
      // The newest heartbeat's name and role win (a rename or role change shows at the next beat).
      person.name = entry.person.name;
      person.role = entry.person.role;
      if (entry.editing && !person.editing.includes(entry.editing)) person.editing.push(entry.editing);
    }
    return [...people.values()]
      .map((p) => ({ ...p, editing: p.editing.sort() }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  }

  /** This process's present tabs (of one article, or of all): what the other processes are told. */
  localTabs(articleId?: number): LocalTab[] {
    const now = Date.now();
    const tabs: LocalTab[] = [];
    const articles = articleId === undefined ? [...this.articles] : [[articleId, this.articles.get(articleId)] as const];
    for (const [id, entries] of articles) {
      for (const entry of entries?.values() ?? []) {
        if (entry.origin === null && isPresent(entry, now)) {
          tabs.push({ articleId: id, person: entry.person, clientId: entry.clientId, editing: entry.editing });
        }
      }
    }
    return tabs;
  }

  /** Another process's tab, as it announced it: present for `ttlMs` unless announced again. */
  putRemote(origin: string, tab: LocalTab, ttlMs: number): void {
    let entries = this.articles.get(tab.articleId);
    if (!entries) {
      entries = new Map();
      this.articles.set(tab.articleId, entries);
    }
    const expiresAt = Date.now() + ttlMs;
    entries.set(remoteKey(origin, tab.person.id, tab.clientId), {
      origin,
      clientId: tab.clientId,
      person: personOf(tab.person),
      editing: tab.editing,
      expiresAt,
      streams: 0,
    });
    this.scheduleSweep(expiresAt);
    this.changed(tab.articleId);
  }

  /** Another process's tab left. */
  dropRemote(origin: string, articleId: number, userId: string, clientId: string): void {
    this.remove(articleId, remoteKey(origin, userId, clientId));
  }

  subscribe(articleId: number, listener: () => void): () => void {
    let set = this.listeners.get(articleId);
    if (!set) {
      set = new Set();
      this.listeners.set(articleId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(articleId);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(articleId);
    };
  }

  /** The tab's entry (present for nobody until joined or beaten), with the session's newest name and role. */
  private entry(articleId: number, person: Actor, clientId: string): Entry {
    let entries = this.articles.get(articleId);
    if (!entries) {
      entries = new Map();
      this.articles.set(articleId, entries);
    }
    const key = entryKey(person.id, clientId);
    let entry = entries.get(key);
    if (!entry) {
      entry = { origin: null, clientId, person: personOf(person), editing: null, expiresAt: 0, streams: 0 };
      entries.set(key, entry);
    }
    entry.person = personOf(person);
    return entry;
  }

  private remove(articleId: number, key: string): void {
    const entries = this.articles.get(articleId);
    if (!entries?.delete(key)) return;
    if (entries.size === 0) this.articles.delete(articleId);
    this.changed(articleId);
  }

  /** Tells the article's listeners if its list is not what they were last told. */
  private changed(articleId: number): void {
    this.onChange?.(articleId);
    const snapshot = JSON.stringify(this.list(articleId));
    if (this.told.get(articleId) === snapshot) return;
    if (snapshot === '[]') this.told.delete(articleId);
    else this.told.set(articleId, snapshot);
    for (const listener of [...(this.listeners.get(articleId) ?? [])]) {
      try {
        listener();
      } catch (error) {
        console.error('A presence listener failed', error);
      }
    }
  }

  /** One timer for the whole registry, set for the earliest expiry; unref'd so it never keeps the process alive. */
  private scheduleSweep(at: number): void {
    if (this.sweepTimer && at >= this.sweepAt) return;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(() => this.sweep(), Math.max(0, at - Date.now()) + 1);
    this.sweepTimer.unref?.();
  }

  private sweep(): void {
    this.sweepTimer = null;
    this.sweepAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [articleId, entries] of [...this.articles]) {
      let expired = false;
      for (const [key, entry] of [...entries]) {
        if (!isPresent(entry, now)) {
          entries.delete(key);
          expired = true;
        } else if (entry.streams === 0) {
          next = Math.min(next, entry.expiresAt);
        }
      }
      if (entries.size === 0) this.articles.delete(articleId);
      if (expired) this.changed(articleId);
    }
    if (next !== Number.POSITIVE_INFINITY) this.scheduleSweep(next);
  }
}

// On globalThis, as the notifier is: hot reload and Next's separate route bundles share one registry.
const globalForPresence = globalThis as unknown as { factcheckPresence?: PresenceRegistry };

export function getPresence(): PresenceRegistry {
  globalForPresence.factcheckPresence ??= new InMemoryPresence();
  return globalForPresence.factcheckPresence;
}

/** Replaces the process's registry (tests); returns the previous one. */
export function setPresence(registry: PresenceRegistry): PresenceRegistry {
  const previous = getPresence();
  globalForPresence.factcheckPresence = registry;
  return previous;
}
