// Presence across app processes on one PostgreSQL database: two (or three)
// notifiers and presence registries, as separate app processes hold them. A tab
// that joins on one process is listed on the other, with what it edits, and
// goes when it leaves; a process that starts, or whose listening connection
// comes back, gets the others' tabs at once; a process that dies (no leave, no
// goodbye) has its tabs dropped everywhere within REMOTE_TTL_MS, while a living
// one's stay because it renews them. Needs TEST_DATABASE_URL.
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PgNotifier } from '@/server/services/pg-notifier';
import { InMemoryPresence } from '@/server/services/presence';
import { type PresenceBus, PresenceSync, REMOTE_TTL_MS, RENEW_MS } from '@/server/services/presence-sync';
import { type ScratchDatabase, scratchDatabase, TEST_DATABASE_URL } from '../support/pg-scratch';
import { PEOPLE } from './helpers';

const ARTICLE = 41;
const EDITED = '0b6f3c52-6a43-4f4e-9d0b-2f5a3a1e9c11';
/** Long enough that no renewal comes during a test: what arrives is the message under test. */
const NEVER = 3_600_000;

/** One app process: its notifier (the NOTIFY channel), its registry and the sync between them. */
interface Proc {
  notifier: PgNotifier;
  registry: InMemoryPresence;
  sync: PresenceSync;
  /** The kinds of presence message this process heard, in order. */
  heard: string[];
}

/** The bus, with what it hears written down. */
function recording(bus: PresenceBus, heard: string[]): PresenceBus {
  return {
    send: (text) => bus.send(text),
    listen: (handler) =>
      bus.listen({
        message: (origin, text) => {
          try {
            heard.push((JSON.parse(text) as { t: string }).t);
          } catch {
            heard.push('?');
          }
          handler.message(origin, text);
        },
        listening: () => handler.listening(),
      }),
  };
}

const names = (registry: InMemoryPresence) => registry.list(ARTICLE).map((p) => `${p.name}${p.editing.length ? ' editing' : ''}`);

describe.skipIf(!TEST_DATABASE_URL)('presence shared between app processes over LISTEN/NOTIFY', () => {
  let scratch: ScratchDatabase;
  let admin: postgres.Sql;
  const procs: Proc[] = [];

  /** The notifier first: it keeps the real timers it was made with, even when a test fakes them later. */
  const notifier = async () => {
    const n = new PgNotifier(scratch.url);
    await n.start();
    return n;
  };
  const proc = (n: PgNotifier, options: { renewMs?: number } = {}): Proc => {
    const registry = new InMemoryPresence();
    const heard: string[] = [];
    const sync = new PresenceSync(registry, recording(n.presenceBus(), heard), options).start();
    const p = { notifier: n, registry, sync, heard };
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    scratch = await scratchDatabase('presence');
    admin = postgres(scratch.url, { max: 1, onnotice: () => {} });
  });

  afterEach(async () => {
    vi.useRealTimers();
    for (const p of procs.splice(0)) {
      p.sync.stop();
      await p.notifier.close();
    }
  });

  afterAll(async () => {
    await admin?.end();
    await scratch?.drop();
  });

  it('lists a tab joined on one process on the other, with what it edits, until it leaves; nothing is stored', async () => {
    const a = proc(await notifier(), { renewMs: NEVER });
    const b = proc(await notifier(), { renewMs: NEVER });
    const toldB = vi.fn();
    b.registry.subscribe(ARTICLE, toldB);

    const leave = a.registry.join(ARTICLE, PEOPLE.reviewer, 'rita-tab');
    await vi.waitFor(() => expect(names(b.registry)).toEqual(['Rita Reviewer']));
    expect(b.registry.list(ARTICLE)).toEqual([{ userId: PEOPLE.reviewer.id, name: 'Rita Reviewer', role: 'reviewer', editing: [] }]);
    expect(toldB).toHaveBeenCalled();
    // B's own tab is listed on A too.
    const leaveB = b.registry.join(ARTICLE, PEOPLE.editor, 'ed-tab');
    await vi.waitFor(() => expect(names(a.registry)).toEqual(['Ed Editor', 'Rita Reviewer']));

    a.registry.setEditing(ARTICLE, PEOPLE.reviewer, 'rita-tab', EDITED);
    await vi.waitFor(() => expect(b.registry.list(ARTICLE).find((p) => p.name === 'Rita Reviewer')?.editing).toEqual([EDITED]));
    a.registry.setEditing(ARTICLE, PEOPLE.reviewer, 'rita-tab', null);
    await vi.waitFor(() => expect(names(b.registry)).toEqual(['Ed Editor', 'Rita Reviewer']));

    leave();
    await vi.waitFor(() => expect(names(b.registry)).toEqual(['Ed Editor']));
    leaveB();
    await vi.waitFor(() => expect(names(a.registry)).toEqual([]));
    // Each arrival, change and departure once, in order (besides the greetings of the two processes' start).
    expect(b.heard.filter((t) => t === 'set' || t === 'del')).toEqual(['set', 'set', 'set', 'del']);
    // Presence is never history, nor any other row: the database has no table at all.
    expect(await admin`select count(*)::int as n from pg_tables where schemaname = 'public'`).toEqual([{ n: 0 }]);
  });

  it('gives a process that starts the others’ tabs at once, not at the next renewal', async () => {
    const a = proc(await notifier(), { renewMs: NEVER });
    a.registry.join(ARTICLE, PEOPLE.reviewer, 'rita-tab');
    a.registry.setEditing(ARTICLE, PEOPLE.reviewer, 'rita-tab', EDITED);
    // The heartbeat of a page on the poll is a tab too.
    a.registry.heartbeat(ARTICLE, PEOPLE.viewer, 'vic-tab', null);
    await a.notifier.presenceSent();
    const late = proc(await notifier(), { renewMs: NEVER });
    await vi.waitFor(() => expect(names(late.registry)).toEqual(['Rita Reviewer editing', 'Vic Viewer']));
    // From the answer to its greeting: A's own messages were all sent before it listened.
    expect(late.heard).toEqual(['all']);
  });

  it('asks again when its listening connection comes back, and hears what it missed while deaf', async () => {
    const a = proc(await notifier(), { renewMs: NEVER });
    const b = proc(await notifier(), { renewMs: NEVER });
    const pid = await b.notifier.listenerPid();
    expect(pid).not.toBeNull();
    await admin`select pg_terminate_backend(${pid})`;
    a.registry.join(ARTICLE, PEOPLE.editor, 'ed-tab');
    await vi.waitFor(() => expect(names(b.registry)).toEqual(['Ed Editor']), { timeout: 10_000 });
    // The "hello" B sent once listening again brought A's tabs: B heard them as a full state.
    await vi.waitFor(() => expect(b.heard).toContain('all'));
    expect(await b.notifier.listenerPid()).not.toBe(pid);
  });

  it('drops a dead process’s tabs within REMOTE_TTL_MS, and keeps a living one’s by its renewals', async () => {
    const notifiers = [await notifier(), await notifier()];
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const a = proc(notifiers[0]);
    a.registry.join(ARTICLE, PEOPLE.reviewer, 'rita-tab');
    a.registry.setEditing(ARTICLE, PEOPLE.reviewer, 'rita-tab', EDITED);
    await a.notifier.presenceSent();
    // B starts after A's messages went out: it has A's tab from the answer to its greeting (NOTIFYs arrive in the
    // order they were committed, so once that answer is here nothing of A's start is still on its way).
    const b = proc(notifiers[1]);
    await vi.waitFor(() => expect(b.heard).toContain('all'));
    expect(names(b.registry)).toEqual(['Rita Reviewer editing']);

    // A lives: every RENEW_MS it announces its tabs again, so B keeps them past REMOTE_TTL_MS.
    for (let renewal = 1; renewal <= 5; renewal++) {
      const before = b.heard.filter((t) => t === 'all').length;
      await vi.advanceTimersByTimeAsync(RENEW_MS);
      await vi.waitFor(() => expect(b.heard.filter((t) => t === 'all').length).toBe(before + 1));
    }
    expect(names(b.registry)).toEqual(['Rita Reviewer editing']);

    // A dies (kill -9): no leave, no goodbye, its connections gone. B is told, by expiry, once REMOTE_TTL_MS has
    // passed since the last renewal.
    a.sync.stop();
    await a.notifier.close();
    const toldB = vi.fn();
    b.registry.subscribe(ARTICLE, toldB);
    await vi.advanceTimersByTimeAsync(REMOTE_TTL_MS - 1_000);
    expect(names(b.registry)).toEqual(['Rita Reviewer editing']);
    expect(toldB).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(names(b.registry)).toEqual([]);
    expect(toldB).toHaveBeenCalledTimes(1);
  });

  it('ignores a payload it does not understand', async () => {
    const b = proc(await notifier(), { renewMs: NEVER });
    const other = await notifier();
    procs.push({
      notifier: other,
      registry: new InMemoryPresence(),
      sync: new PresenceSync(new InMemoryPresence(), other.presenceBus()),
      heard: [],
    });
    const bus = other.presenceBus();
    bus.send('not json');
    bus.send(JSON.stringify({ t: 'set', x: [ARTICLE, 'mallory', 'Mallory', 'superuser', 'tab', null] }));
    bus.send(JSON.stringify({ t: 'set', x: [ARTICLE, 'mallory', 'Mallory', 'admin', 'a tab with spaces', null] }));
    bus.send(JSON.stringify({ t: 'set', x: [ARTICLE, 'mallory', 'M'.repeat(121), 'admin', 'tab', null] }));
    bus.send(JSON.stringify({ t: 'set', x: [ARTICLE, PEOPLE.viewer.id, 'Vic Viewer', 'viewer', 'vic', null] }));
    // Sent in order, so when the last one is listed the others have been heard and refused.
    await vi.waitFor(() => expect(names(b.registry)).toEqual(['Vic Viewer']));
    expect(b.heard).toEqual(['?', 'set', 'set', 'set', 'set']);
  });
});
