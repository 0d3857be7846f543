// The article's live stream (live.article), called as tRPC calls it on the
// server: through createCaller, iterating the async iterable its generator
// returns. Every message is tracked with the change sequence the page has been
// brought up to; a page that applies every `changes` message holds what
// annotation.list says, and one that reconnects from its last id misses nothing.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnotationView } from '@/server/domain/annotation';
import type { Role } from '@/server/domain/roles';
import type { LiveMessage } from '@/server/routers/live';
import { InMemoryPresence, PRESENCE_TTL_MS, setPresence, type PresenceRegistry } from '@/server/services/presence';
import { freshCaller, PEOPLE, refusal, sqlGet } from './helpers';
import { nextChanges, openStream, type StreamInput } from './live-streams';
import { annotate, CLAIM, EVIDENCE, importRiver, RIVER_REVISED, type TestDesk } from './river-desk';

let ctx: TestDesk;
let previousPresence: PresenceRegistry;
beforeEach(async () => {
  ctx = await freshCaller();
  previousPresence = setPresence(new InMemoryPresence());
});
afterEach(() => {
  vi.useRealTimers();
  setPresence(previousPresence);
  ctx.cleanup();
});

const open = (role: Role, input: StreamInput) => openStream(ctx.db, role, input);

const cursorOf = async (articleId: number) => (await ctx.as('viewer').annotation.cursor({ articleId })).cursor;

/** What a page keeps: full versions by id, updated from `changes` messages only. */
class Mirror {
  views = new Map<string, AnnotationView>();
  apply(message: LiveMessage) {
    if (message.kind !== 'changes') return;
    for (const v of message.changed) this.views.set(v.id, v);
    for (const id of message.removed) this.views.delete(id);
  }
  async matches(articleId: number) {
    const list = await ctx.caller.annotation.list({ articleId });
    expect([...this.views.values()].sort((a, b) => a.from - b.from || b.to - a.to || a.id.localeCompare(b.id))).toEqual(list);
  }
}

describe('the live stream of an article', () => {
  it('starts with who is here at the page’s cursor, then sends each committed change under its sequence number', async () => {
    const articleId = await importRiver(ctx);
    const start = await cursorOf(articleId);
    const stream = await open('viewer', { articleId, lastEventId: String(start) });
    const mirror = new Mirror();
    try {
      const first = await stream.next();
      expect(first).toEqual({ id: String(start), message: { kind: 'presence', cursor: start, people: [] } });

      const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
      let changes = await nextChanges(stream, start);
      expect(changes).toMatchObject({ cursor: start + 1, changed: [{ id: a.id }], removed: [], discussion: [], workflow: [] });
      mirror.apply(changes);

      await ctx.as('viewer').comment.create({ id: randomUUID(), annotationId: a.id, body: 'Which stretch?' });
      changes = await nextChanges(stream, start + 1);
      expect(changes).toMatchObject({ cursor: start + 2, changed: [{ id: a.id }], discussion: [a.id], workflow: [] });
      mirror.apply(changes);

      await ctx.as('reviewer').annotation.submit({ id: a.id });
      changes = await nextChanges(stream, start + 2);
      expect(changes).toMatchObject({ cursor: start + 3, changed: [{ id: a.id, status: 'in_review' }], workflow: [a.id] });
      mirror.apply(changes);

      await ctx.as('editor').annotation.requestChanges({ id: a.id, comment: 'Cite the report.' });
      changes = await nextChanges(stream, start + 3);
      // One transaction, two events (the comment and the status): one message.
      expect(changes).toMatchObject({ cursor: start + 5, discussion: [a.id], workflow: [a.id] });
      mirror.apply(changes);

      await ctx
        .as('reviewer')
        .article.updateDetails({ id: articleId, title: 'A new title', sourceUrl: null, byline: null, publishedAt: null });
      changes = await nextChanges(stream, start + 5);
      expect(changes).toMatchObject({ changed: [], removed: [], article: ['article.details_changed'] });

      await ctx.as('reviewer').annotation.delete({ id: a.id });
      changes = await nextChanges(stream, changes.cursor);
      expect(changes).toMatchObject({ changed: [], removed: [a.id] });
      mirror.apply(changes);
      expect(changes.cursor).toBe(await cursorOf(articleId));
      await mirror.matches(articleId);
      expect(await stream.quiet()).toBe(true);
    } finally {
      stream.close();
    }
  });

  it('resumes from lastEventId after a reconnect and misses nothing', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const b = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    const mirror = new Mirror();
    // The page loaded everything at cursor 0.
    let stream = await open('viewer', { articleId, lastEventId: '0' });
    let changes = await nextChanges(stream, 0);
    mirror.apply(changes);
    let lastId = String(changes.cursor);
    stream.close();
    expect(await stream.ended()).toBe(true);

    // While the page is away: an edit, a new annotation, a deletion, a comment.
    await ctx
      .as('reviewer')
      .annotation.update({ id: a.id, expectedVersion: a.version, verdict: 'true', rationale: 'Changed.', evidence: EVIDENCE });
    const c = await annotate(ctx, 'reviewer', articleId, CLAIM.plant);
    await ctx.as('reviewer').annotation.delete({ id: b.id });
    await ctx.as('editor').comment.create({ id: randomUUID(), annotationId: c.id, body: 'Source?' });

    stream = await open('viewer', { articleId, lastEventId: lastId });
    try {
      changes = await nextChanges(stream, Number(lastId));
      expect(changes.cursor).toBe(await cursorOf(articleId));
      expect(changes.changed.map((v) => v.id).sort()).toEqual([a.id, c.id].sort());
      expect(changes.removed).toEqual([b.id]);
      expect(changes.discussion).toEqual([c.id]);
      mirror.apply(changes);
      await mirror.matches(articleId);
      lastId = String(changes.cursor);

      // A burst of commits while connected: the ids only go up, and the last is the cursor.
      const made = [];
      for (const claim of [CLAIM.residents, CLAIM.survey]) made.push(await annotate(ctx, 'reviewer', articleId, claim));
      await ctx.as('reviewer').annotation.delete({ id: made[0].id });
      const target = await cursorOf(articleId);
      let at = Number(lastId);
      while (at < target) {
        const message = await nextChanges(stream, at);
        expect(message.cursor).toBeGreaterThan(at);
        at = message.cursor;
        mirror.apply(message);
      }
      expect(at).toBe(target);
      await mirror.matches(articleId);
    } finally {
      stream.close();
    }
  });

  it('starts from now without a lastEventId', async () => {
    const articleId = await importRiver(ctx);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const now = await cursorOf(articleId);
    const stream = await open('viewer', { articleId });
    try {
      expect(await stream.next()).toEqual({ id: String(now), message: { kind: 'presence', cursor: now, people: [] } });
      expect(await stream.quiet()).toBe(true);
    } finally {
      stream.close();
    }
  });

  it('tells a page on an older revision that there is a newer one, without annotations', async () => {
    const articleId = await importRiver(ctx);
    await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const start = await cursorOf(articleId);
    const stream = await open('viewer', { articleId, lastEventId: String(start), revision: 1 });
    try {
      await stream.next();
      await ctx.as('reviewer').article.update({ articleId, text: RIVER_REVISED });
      const changes = await nextChanges(stream, start);
      expect(changes).toMatchObject({ revision: 2, changed: [], removed: [] });
      expect(changes.article).toContain('article.revision_saved');
    } finally {
      stream.close();
    }
  });

  it('closes when the article is deleted, and when the person’s access is removed', async () => {
    const articleId = await importRiver(ctx);
    const stream = await open('viewer', { articleId });
    await stream.next();
    await ctx.as('editor').article.delete({ id: articleId });
    expect((await stream.next()).message).toMatchObject({ kind: 'closed', reason: 'deleted' });
    expect(await stream.ended()).toBe(true);

    const other = await importRiver(ctx);
    const viewer = await open('viewer', { articleId: other });
    await viewer.next();
    await ctx.caller.people.removeAccess({ userId: PEOPLE.viewer.id });
    // The next thing that happens on the article wakes the stream, which checks access first.
    await annotate(ctx, 'reviewer', other, CLAIM.fish);
    expect((await viewer.next()).message).toMatchObject({ kind: 'closed', reason: 'access_removed' });
    expect(await viewer.ended()).toBe(true);
  });

  it('refuses an unknown article and a lastEventId beyond the article’s latest change', async () => {
    const articleId = await importRiver(ctx);
    const missing = await open('viewer', { articleId: 424242 });
    expect(await refusal(missing.next())).toMatchObject({ code: 'NOT_FOUND' });
    const ahead = await open('viewer', { articleId, lastEventId: '999' });
    expect(await refusal(ahead.next())).toMatchObject({ code: 'BAD_REQUEST', message: /no change 999/ });
    expect(await refusal(ctx.as('viewer').live.article({ articleId, lastEventId: 'abc' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal(ctx.as(null).live.article({ articleId }))).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('presence', () => {
  it('pushes who has the article open and what they edit, with names from the session', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const stream = await open('viewer', { articleId });
    try {
      const start = await stream.next();
      expect(start.message).toMatchObject({ kind: 'presence', people: [] });

      const answer = await ctx.as('reviewer').presence.heartbeat({
        articleId,
        editing: a.id,
        clientId: 'tab-1',
        // Whatever the browser claims, the name is the session's.
        ...({ name: 'Mallory', userId: PEOPLE.admin.id } as object),
      });
      const rita = { userId: PEOPLE.reviewer.id, name: 'Rita Reviewer', role: 'reviewer', editing: [a.id] };
      expect(answer).toEqual({ people: [rita], ttlMs: PRESENCE_TTL_MS, unread: 0 });
      let next = await stream.next();
      expect(next).toEqual({ id: start.id, message: { kind: 'presence', cursor: Number(start.id), people: [rita] } });

      // The same heartbeat again changes nothing and tells nobody.
      await ctx.as('reviewer').presence.heartbeat({ articleId, editing: a.id, clientId: 'tab-1' });
      expect(await stream.quiet()).toBe(true);

      // A viewer is present but never shown as editing.
      await ctx.as('viewer').presence.heartbeat({ articleId, editing: a.id });
      next = await stream.next();
      expect(next.message).toMatchObject({
        kind: 'presence',
        people: [rita, { userId: PEOPLE.viewer.id, name: 'Vic Viewer', role: 'viewer', editing: [] }],
      });

      await ctx.as('reviewer').presence.leave({ articleId, clientId: 'tab-1' });
      next = await stream.next();
      expect(next.message).toMatchObject({ kind: 'presence', people: [{ userId: PEOPLE.viewer.id }] });
    } finally {
      stream.close();
    }
    // Presence is never history.
    expect(await sqlGet(ctx.db, "select count(*) as n from events where type like 'presence%'")).toEqual({ n: 0 });
  });

  it('refuses a heartbeat for a deleted article, an editing id that is not a UUID, and a signed-out caller', async () => {
    const articleId = await importRiver(ctx);
    expect(await refusal(ctx.as('reviewer').presence.heartbeat({ articleId, editing: 'x' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal(ctx.as('reviewer').presence.heartbeat({ articleId, editing: null, clientId: 'a b' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await refusal(ctx.as(null).presence.heartbeat({ articleId, editing: null }))).toMatchObject({ code: 'UNAUTHORIZED' });
    await ctx.as('editor').article.delete({ id: articleId });
    expect(await refusal(ctx.as('reviewer').presence.heartbeat({ articleId, editing: null }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('expires ~30 s after the last heartbeat, and the stream says so (fake timers)', async () => {
    const articleId = await importRiver(ctx);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const stream = await open('viewer', { articleId });
    try {
      const pull = stream.next(60_000);
      await vi.advanceTimersByTimeAsync(0);
      await pull;
      await ctx.as('editor').presence.heartbeat({ articleId, editing: null, clientId: 'tab' });
      const arrived = stream.next(60_000);
      await vi.advanceTimersByTimeAsync(0);
      expect((await arrived).message).toMatchObject({ kind: 'presence', people: [{ name: 'Ed Editor' }] });

      await vi.advanceTimersByTimeAsync(PRESENCE_TTL_MS - 1000);
      expect((await ctx.as('reviewer').presence.heartbeat({ articleId, editing: null })).people.map((p) => p.name)).toEqual([
        'Ed Editor',
        'Rita Reviewer',
      ]);
      const rita = stream.next(60_000);
      await vi.advanceTimersByTimeAsync(0);
      expect((await rita).message).toMatchObject({ people: [{ name: 'Ed Editor' }, { name: 'Rita Reviewer' }] });

      // Ed's tab closed without a word: gone 30 s after his last heartbeat; Rita stays.
      const gone = stream.next(60_000);
      await vi.advanceTimersByTimeAsync(2000);
      expect((await gone).message).toMatchObject({ kind: 'presence', people: [{ name: 'Rita Reviewer' }] });
      const empty = stream.next(60_000);
      await vi.advanceTimersByTimeAsync(PRESENCE_TTL_MS);
      expect((await empty).message).toMatchObject({ kind: 'presence', people: [] });
    } finally {
      stream.close();
    }
  });
});

describe('one stream per page: presence and notifications on the article’s stream', () => {
  it('holds a tab present while its stream is open, tells what it edits only when told, and lets it go when the stream closes', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const watcher = await open('viewer', { articleId });
    const rita = await open('reviewer', { articleId, clientId: 'rita-tab' });
    try {
      expect((await watcher.next()).message).toMatchObject({ kind: 'presence', people: [] });
      // Her stream starts (a generator runs when first read): she is here, as her own stream and others see.
      expect((await rita.next()).message).toMatchObject({ kind: 'presence', people: [{ name: 'Rita Reviewer' }] });
      expect((await watcher.next()).message).toEqual({
        kind: 'presence',
        cursor: expect.any(Number),
        people: [{ userId: PEOPLE.reviewer.id, name: 'Rita Reviewer', role: 'reviewer', editing: [] }],
      });

      // What she edits, as a word of its own; the session's name, whatever the browser claims.
      await ctx.as('reviewer').presence.editing({ articleId, clientId: 'rita-tab', editing: a.id, ...({ name: 'Mallory' } as object) });
      expect((await watcher.next()).message).toMatchObject({ kind: 'presence', people: [{ name: 'Rita Reviewer', editing: [a.id] }] });
      await ctx.as('reviewer').presence.editing({ articleId, clientId: 'rita-tab', editing: null });
      expect((await watcher.next()).message).toMatchObject({ kind: 'presence', people: [{ name: 'Rita Reviewer', editing: [] }] });
      // A viewer is never shown editing.
      expect(await ctx.as('viewer').presence.editing({ articleId, clientId: 'v', editing: a.id })).toEqual({ editing: null });
      expect((await watcher.next()).message).toMatchObject({
        kind: 'presence',
        people: [{ name: 'Rita Reviewer' }, { name: 'Vic Viewer', editing: [] }],
      });
      ctx.as('viewer').presence.leave({ articleId, clientId: 'v' });
      expect((await watcher.next()).message).toMatchObject({ kind: 'presence', people: [{ name: 'Rita Reviewer' }] });

      // Her tab closes: gone at once, no heartbeat or timeout needed.
      rita.close();
      expect(await rita.ended()).toBe(true);
      expect((await watcher.next()).message).toEqual({ kind: 'presence', cursor: expect.any(Number), people: [] });
    } finally {
      watcher.close();
      rita.close();
    }
    expect(await sqlGet(ctx.db, "select count(*) as n from events where type like 'presence%'")).toEqual({ n: 0 });
  });

  it('carries the person’s notifications when asked: the unread count first, then each new one, deduplicated by id on a resume', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('viewer').comment.create({ id: randomUUID(), annotationId: a.id, body: '@Rita Reviewer before the page opened' });
    const start = await cursorOf(articleId);
    const stream = await open('reviewer', { articleId, lastEventId: String(start), notifications: true });
    let newest: number;
    try {
      const first = [(await stream.next()).message, (await stream.next()).message];
      expect(first).toContainEqual({ kind: 'notifications', cursor: start, unread: 1, added: [] });
      expect(first).toContainEqual({ kind: 'presence', cursor: start, people: [] });

      await ctx.as('editor').comment.create({ id: randomUUID(), annotationId: a.id, body: '@Rita Reviewer now' });
      const kinds = new Map<string, LiveMessage>();
      while (!kinds.has('notifications') || !kinds.has('changes')) {
        const { message } = await stream.next();
        kinds.set(message.kind, message);
      }
      const told = kinds.get('notifications') as Extract<LiveMessage, { kind: 'notifications' }>;
      expect(told).toMatchObject({ unread: 2, added: [{ type: 'mention', actorName: 'Ed Editor' }] });
      newest = told.added[0].id;

      await ctx.as('reviewer').notification.markAllRead();
      expect((await stream.next()).message).toMatchObject({ kind: 'notifications', unread: 0, added: [] });
      expect(await stream.quiet()).toBe(true);
    } finally {
      stream.close();
    }
    // Back after a drop, from what the page knew: only what came after it.
    await ctx.as('admin').comment.create({ id: randomUUID(), annotationId: a.id, body: '@Rita Reviewer while away' });
    const again = await open('reviewer', { articleId, notifications: true, notificationsAfter: newest });
    try {
      let message: LiveMessage;
      do message = (await again.next()).message;
      while (message.kind !== 'notifications');
      expect(message).toMatchObject({ unread: 1, added: [{ actorName: 'Ana Reviewer' }] });
      expect(message.added).toHaveLength(1);
    } finally {
      again.close();
    }
    // Without `notifications`, none.
    const plain = await open('reviewer', { articleId });
    try {
      expect((await plain.next()).message.kind).toBe('presence');
      expect(await plain.quiet()).toBe(true);
    } finally {
      plain.close();
    }
  });
});

describe('the presence registry', () => {
  it('merges a person’s tabs, tells listeners only of real changes, and forgets after the TTL', () => {
    vi.useFakeTimers();
    const registry = new InMemoryPresence(30_000);
    const told = vi.fn();
    registry.subscribe(7, told);
    registry.heartbeat(7, PEOPLE.reviewer, 'a', 'ann-1');
    registry.heartbeat(7, PEOPLE.reviewer, 'b', null);
    expect(registry.list(7)).toEqual([{ userId: PEOPLE.reviewer.id, name: 'Rita Reviewer', role: 'reviewer', editing: ['ann-1'] }]);
    expect(told).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(20_000);
    registry.heartbeat(7, PEOPLE.reviewer, 'b', null);
    expect(told).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_001);
    // Tab a expired: Rita stays, no longer editing.
    expect(registry.list(7)).toEqual([{ userId: PEOPLE.reviewer.id, name: 'Rita Reviewer', role: 'reviewer', editing: [] }]);
    expect(told).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(20_000);
    expect(registry.list(7)).toEqual([]);
    expect(told).toHaveBeenCalledTimes(3);
    expect(registry.list(8)).toEqual([]);
  });
});
