// The live desk's notifier across app processes on PostgreSQL: two notifiers
// on one database, as two app servers hold them. A change announced through
// one reaches the other's listeners (ids only), a process does not hear its
// own change twice, and a listening connection that is killed listens again
// and catches up from the rows on what it missed. Needs TEST_DATABASE_URL.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECT } from '@/db/dialect';
import type { ChangeNotifier } from '@/server/services/notifier';
import { setNotifier } from '@/server/services/notifier';
import { decode, encode, PgNotifier } from '@/server/services/pg-notifier';
import { type ScratchDatabase, scratchDatabase, TEST_DATABASE_URL } from '../support/pg-scratch';
import { freshCaller } from './helpers';
import { annotate, CLAIM, importRiver, type TestDesk } from './river-desk';

describe('the notifier’s payload', () => {
  it('carries ids only, and refuses anything else', () => {
    expect(decode(encode({ kind: 'a', articleId: 12, seq: 40, origin: 'x_1' }))).toEqual({
      kind: 'a',
      articleId: 12,
      seq: 40,
      origin: 'x_1',
    });
    expect(decode(encode({ kind: 'p', userId: 'Ab9-z', id: 7, origin: 'o' }))).toEqual({ kind: 'p', userId: 'Ab9-z', id: 7, origin: 'o' });
    expect(decode('a:1:2')).toBeNull();
    expect(decode('a:1:2:o; drop table x')).toBeNull();
    expect(decode('{"articleId":1}')).toBeNull();
  });
});

describe.skipIf(!TEST_DATABASE_URL)('LISTEN/NOTIFY between two app processes', () => {
  let scratch: ScratchDatabase;
  let admin: postgres.Sql;
  let a: PgNotifier;
  let b: PgNotifier;
  const reconnects: string[] = [];

  beforeAll(async () => {
    scratch = await scratchDatabase('notifier');
    admin = postgres(scratch.url, { max: 1, onnotice: () => {} });
    // Only what the catch-up reads: each article's change sequence and each person's notifications.
    await admin.unsafe(`create table articles (id integer primary key, change_seq integer not null default 0);
      create table notifications (id serial primary key, user_id text not null);
      insert into articles (id, change_seq) values (1, 0), (2, 0);`);
    a = new PgNotifier(scratch.url, { onListening: (again) => again && reconnects.push('a') });
    b = new PgNotifier(scratch.url, { onListening: (again) => again && reconnects.push('b') });
    await Promise.all([a.start(), b.start()]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), admin?.end()]);
    await scratch?.drop();
  });

  it('delivers a change announced by one process to the other, and each process hears its own once', async () => {
    const heardA: number[] = [];
    const heardB: number[] = [];
    const stopA = a.subscribe(1, (seq) => heardA.push(seq));
    const stopB = b.subscribe(1, (seq) => heardB.push(seq));
    const other: number[] = [];
    const stopOther = b.subscribe(2, (seq) => other.push(seq));
    try {
      a.publish(1, 5);
      // Heard at once by the publishing process's own listeners, without the round trip.
      expect(heardA).toEqual([5]);
      await vi.waitFor(() => expect(heardB).toEqual([5]));
      b.publish(1, 6);
      // NOTIFYs reach a listener in the order they were sent: when B's 6 has come back to A, A's own 5 would have too.
      await vi.waitFor(() => expect(heardA).toEqual([5, 6]));
      expect(heardB).toEqual([5, 6]);
      expect(other).toEqual([]);
    } finally {
      stopA();
      stopB();
      stopOther();
    }
  });

  it('delivers a person’s new notification to the other process', async () => {
    const heard: number[] = [];
    const stop = b.subscribePerson('reviewer-1', (id) => heard.push(id));
    const someoneElse: number[] = [];
    const stopElse = b.subscribePerson('reviewer-2', (id) => someoneElse.push(id));
    try {
      a.publishPerson('reviewer-1', 31);
      await vi.waitFor(() => expect(heard).toEqual([31]));
      expect(someoneElse).toEqual([]);
    } finally {
      stop();
      stopElse();
    }
  });

  it('listens again after its connection is killed, and catches up from the rows on what it missed', async () => {
    const heard: number[] = [];
    const people: number[] = [];
    const stop = b.subscribe(2, (seq) => heard.push(seq));
    const stopPerson = b.subscribePerson('editor-1', (id) => people.push(id));
    try {
      a.publish(2, 1);
      await vi.waitFor(() => expect(heard).toEqual([1]));
      // Committed with no NOTIFY at all (as if sent while B was deaf): only the catch-up can tell B.
      await admin`update articles set change_seq = 4 where id = 2`;
      const [{ id: notificationId }] = await admin<{ id: number }[]>`insert into notifications (user_id) values ('editor-1') returning id`;
      expect(heard).toEqual([1]);
      const pid = await b.listenerPid();
      expect(pid).not.toBeNull();
      reconnects.length = 0;
      await admin`select pg_terminate_backend(${pid})`;
      await vi.waitFor(() => expect(reconnects).toContain('b'), { timeout: 10_000 });
      expect(heard).toEqual([1, 4]);
      expect(people).toEqual([notificationId]);
      expect(await b.listenerPid()).not.toBe(pid);
      expect(await b.listenerPid()).not.toBeNull();
      // And it hears what comes next.
      a.publish(2, 5);
      await vi.waitFor(() => expect(heard).toEqual([1, 4, 5]));
    } finally {
      stop();
      stopPerson();
    }
  });
});

// In the PostgreSQL pass of the suite (the app's own tables and withTx on PostgreSQL): a change committed through
// the router in this "process" reaches a second process's notifier, carrying the article's new change number.
describe.skipIf(DIALECT !== 'pg')('a committed change, across processes', () => {
  let ctx: TestDesk;
  let here: PgNotifier;
  let there: PgNotifier;
  let previous: ChangeNotifier;

  beforeAll(async () => {
    ctx = await freshCaller();
    here = new PgNotifier(ctx.file);
    there = new PgNotifier(ctx.file);
    await Promise.all([here.start(), there.start()]);
    previous = setNotifier(here);
  });

  afterAll(async () => {
    setNotifier(previous);
    await Promise.all([here?.close(), there?.close()]);
    ctx?.cleanup();
  });

  it('is announced after its commit by withTx and heard by the other process with its sequence number', async () => {
    const articleId = await importRiver(ctx);
    const heard: number[] = [];
    const stop = there.subscribe(articleId, (seq) => heard.push(seq));
    try {
      await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
      const { cursor } = await ctx.caller.annotation.cursor({ articleId });
      // The import's own announcement may still be on its way: what matters is that the annotation's arrives.
      await vi.waitFor(() => expect(heard).toContain(cursor));
      expect(Math.max(...heard)).toBe(cursor);
    } finally {
      stop();
    }
  });
});
