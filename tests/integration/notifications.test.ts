// Notifications: what concerns one person, written in the same transaction as
// the event that causes it, read and marked read by that person only, and
// pushed on their own stream (notification.live).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/server/domain/roles';
import type { NotificationMessage } from '@/server/routers/notification';
import { createCaller } from '@/server/routers/_app';
import { addFailingTrigger, contextFor, freshCaller, PEOPLE } from './helpers';
import { annotate, CLAIM, everything, expectRefusal, importRiver, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const post = (role: Role, annotationId: string, body: string) => ctx.as(role).comment.create({ id: randomUUID(), annotationId, body });
const kinds = async (role: Role) => (await ctx.as(role).notification.list()).map((n) => `${n.type} by ${n.actorName}`);
const unread = async (role: Role) => (await ctx.as(role).notification.unreadCount()).unread;

describe('notifications', () => {
  it('tell a person they were mentioned, once per comment, never for mentioning themselves', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const comment = await post('viewer', a.id, '@Rita Reviewer which stretch? cc @Vic Viewer');
    expect(await kinds('reviewer')).toEqual(['mention by Vic Viewer']);
    expect(await kinds('viewer')).toEqual([]);
    const [n] = await ctx.as('reviewer').notification.list();
    expect(n).toMatchObject({
      type: 'mention',
      articleId,
      annotationId: a.id,
      commentId: comment.id,
      quote: CLAIM.fish,
      read: false,
      articleTitle: expect.any(String),
    });

    // An edit tells only those it newly mentions.
    await ctx.as('viewer').comment.edit({ id: comment.id, body: '@Rita Reviewer and @Ed Editor: which stretch?' });
    expect(await kinds('reviewer')).toEqual(['mention by Vic Viewer']);
    expect(await kinds('editor')).toEqual(['mention by Vic Viewer']);
  });

  it('follow sign-off: submitted to editors and admins, changes requested and approval to the author', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await ctx.as('reviewer').annotation.submit({ id: a.id });
    expect(await kinds('editor')).toEqual(['submitted by Rita Reviewer']);
    expect(await kinds('admin')).toEqual(['submitted by Rita Reviewer']);
    expect(await kinds('reviewer')).toEqual([]);
    expect(await kinds('viewer')).toEqual([]);

    await ctx.as('editor').annotation.requestChanges({ id: a.id, comment: '@Rita Reviewer cite the report, please.' });
    // Newest first: the status event follows its comment in the same transaction.
    expect(await kinds('reviewer')).toEqual(['changes_requested by Ed Editor', 'mention by Ed Editor']);

    await ctx.as('reviewer').annotation.submit({ id: a.id });
    await ctx.as('editor').annotation.approve({ id: a.id });
    expect((await kinds('reviewer'))[0]).toBe('approved by Ed Editor');
    // Ed hears of both of Rita's submissions, and of nothing he did himself.
    expect(await kinds('editor')).toEqual(['submitted by Rita Reviewer', 'submitted by Rita Reviewer']);
  });

  it('are read per person: markRead one, markAllRead, and nobody else’s', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await post('viewer', a.id, '@Rita Reviewer first');
    await post('editor', a.id, '@Rita Reviewer second');
    await post('viewer', a.id, '@Ed Editor third');
    expect(await unread('reviewer')).toBe(2);
    const [newest, oldest] = await ctx.as('reviewer').notification.list();

    expect(await ctx.as('reviewer').notification.markRead({ id: oldest.id })).toEqual({ id: oldest.id, unread: 1 });
    expect((await ctx.as('reviewer').notification.list()).map((n) => n.read)).toEqual([false, true]);
    // Another person's notification is as missing as one that never was.
    await expectRefusal(ctx.as('editor').notification.markRead({ id: newest.id }), 'NOT_FOUND', 'This notification does not exist');
    await expectRefusal(ctx.as('reviewer').notification.markRead({ id: 999 }), 'NOT_FOUND', 'This notification does not exist');
    expect(await unread('reviewer')).toBe(1);

    expect(await ctx.as('reviewer').notification.markAllRead()).toEqual({ unread: 0 });
    expect(await unread('reviewer')).toBe(0);
    expect(await unread('editor')).toBe(1);
    // Paging: older than a given id.
    expect((await ctx.as('reviewer').notification.list({ before: newest.id })).map((n) => n.id)).toEqual([oldest.id]);
    expect(await ctx.as('reviewer').notification.list({ limit: 1 })).toHaveLength(1);
  });

  it('leave out deleted articles and the quote of deleted annotations', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await post('viewer', a.id, '@Rita Reviewer look');
    await ctx.as('reviewer').annotation.delete({ id: a.id });
    expect(await ctx.as('reviewer').notification.list()).toMatchObject([{ annotationId: null, quote: null }]);
    await ctx.as('editor').article.delete({ id: articleId });
    expect(await ctx.as('reviewer').notification.list()).toEqual([]);
    expect(await unread('reviewer')).toBe(0);
  });

  it('are written in the event’s transaction: a failed notification undoes the comment', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const before = await everything(ctx);
    await addFailingTrigger(ctx.db, {
      name: 'fail_notification',
      table: 'notifications',
      timing: 'BEFORE INSERT',
      message: 'notification write failed',
    });
    await expect(post('viewer', a.id, '@Rita Reviewer look')).rejects.toThrow(/notification write failed/);
    expect(await everything(ctx)).toEqual(before);
    // A comment that mentions nobody needs no notification.
    await post('viewer', a.id, 'No one in particular');
  });
});

describe('notification.live', () => {
  it('sends the unread count, then each new notification and read mark, and resumes from lastEventId', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await post('viewer', a.id, '@Rita Reviewer before the page opened');

    const open = async (lastEventId?: string) => {
      const abort = new AbortController();
      const caller = createCaller(contextFor(ctx.db, PEOPLE.reviewer), { signal: abort.signal });
      const iterable = (await caller.notification.live(lastEventId ? { lastEventId } : undefined)) as unknown as AsyncIterable<
        [string, NotificationMessage]
      >;
      const iterator = iterable[Symbol.asyncIterator]();
      const next = async () => {
        const result = await Promise.race([
          iterator.next(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no message')), 3000)),
        ]);
        if (result.done) throw new Error('ended');
        return { id: result.value[0], message: result.value[1] };
      };
      return { next, close: () => abort.abort(), iterator };
    };

    const stream = await open();
    const first = await stream.next();
    expect(first.message).toEqual({ unread: 1, added: [] });

    await post('editor', a.id, '@Rita Reviewer now');
    const second = await stream.next();
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
    expect(second.message).toMatchObject({ unread: 2, added: [{ type: 'mention', actorName: 'Ed Editor' }] });

    await ctx.as('reviewer').notification.markAllRead();
    const third = await stream.next();
    expect(third).toEqual({ id: second.id, message: { unread: 0, added: [] } });
    stream.close();
    expect((await stream.iterator.next()).done).toBe(true);

    // Away, then back from the last id: what arrived meanwhile.
    await post('admin', a.id, '@Rita Reviewer while you were away');
    const again = await open(third.id);
    try {
      const resumed = await again.next();
      expect(resumed.message).toMatchObject({ unread: 1, added: [{ actorName: 'Ana Reviewer' }] });
    } finally {
      again.close();
    }
  });
});
