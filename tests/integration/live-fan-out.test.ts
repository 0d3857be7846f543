// One change, many open streams (issue 16's fan-out): the streams of an
// article woken by the same commit share one read of what changed
// (server/services/live-reads.ts), and each still gets the change once, in
// order, from its own cursor, while what is the person's own (access,
// notifications) stays theirs.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import type { Role } from '@/server/domain/roles';
import type { LiveMessage } from '@/server/routers/live';
import { PerStreamReads, setLiveReads, SharedLiveReads, type LiveQuestion, type LiveReads } from '@/server/services/live-reads';
import { freshCaller, PEOPLE } from './helpers';
import { nextChanges, openStream, type Stream, type StreamInput } from './live-streams';
import { annotate, CLAIM, EVIDENCE, importRiver, type TestDesk } from './river-desk';

/** The database behind the shared reads, counting the questions that reach it. */
class CountingReads extends PerStreamReads {
  changes = 0;
  desk = 0;
  override changesAfter(db: Db, q: LiveQuestion, since: number, revision: number | undefined) {
    this.changes++;
    return super.changesAfter(db, q, since, revision);
  }
  override onDesk(db: Db, q: LiveQuestion, userId: string) {
    this.desk++;
    return super.onDesk(db, q, userId);
  }
}

let ctx: TestDesk;
let source: CountingReads;
let previous: LiveReads;
const streams: Stream[] = [];
beforeEach(async () => {
  ctx = await freshCaller();
  source = new CountingReads();
  // Answers kept for a minute: however slowly the machine wakes the streams, each commit is one question.
  previous = setLiveReads(new SharedLiveReads(source, 60_000));
});
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
  setLiveReads(previous);
  ctx.cleanup();
});

async function open(role: Role, input: StreamInput): Promise<Stream> {
  const stream = await openStream(ctx.db, role, input);
  streams.push(stream);
  return stream;
}

const ROLES: Role[] = ['viewer', 'reviewer', 'editor', 'admin'];
const cursorOf = async (articleId: number) => (await ctx.as('viewer').annotation.cursor({ articleId })).cursor;

describe('one change, many streams', () => {
  it('reaches every stream once, in order, from one read of the database per change', async () => {
    const articleId = await importRiver(ctx);
    const start = await cursorOf(articleId);
    const N = 24;
    const open24 = await Promise.all(
      Array.from({ length: N }, (_, i) => open(ROLES[i % ROLES.length], { articleId, lastEventId: String(start) })),
    );
    // Each stream asked once on opening (nothing after its cursor) before telling who is here.
    for (const stream of open24) expect((await stream.next()).message.kind).toBe('presence');
    expect(source.changes).toBe(1);
    source.changes = 0;

    // Each commit is heard by every stream before the next is made, so each is one question.
    const everyoneHears = async (cursor: number, check: (message: Extract<LiveMessage, { kind: 'changes' }>) => void) => {
      for (const stream of open24) {
        const message = await nextChanges(stream, cursor - 1);
        expect(message.cursor).toBe(cursor);
        check(message);
      }
    };
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    await everyoneHears(start + 1, (m) => expect(m.changed).toMatchObject([{ id: a.id, version: a.version }]));
    const edited = await ctx
      .as('reviewer')
      .annotation.update({ id: a.id, expectedVersion: a.version, verdict: 'true', rationale: 'Changed.', evidence: EVIDENCE });
    await everyoneHears(start + 2, (m) => expect(m.changed).toMatchObject([{ id: a.id, version: edited.version }]));
    await ctx.as('editor').comment.create({ id: randomUUID(), annotationId: a.id, body: 'Which stretch?' });
    // Nothing twice: the message after each change is the next change.
    await everyoneHears(start + 3, (m) => expect(m.discussion).toEqual([a.id]));

    // Three commits, each heard by all 24: one read of the changes each, and one access check per person and commit.
    expect(source.changes).toBe(3);
    expect(source.desk).toBe(3 * ROLES.length);
  });

  it('answers a stream at an older cursor (a reconnect) with everything after its own cursor', async () => {
    const articleId = await importRiver(ctx);
    const first = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const start = await cursorOf(articleId);
    const current = await open('editor', { articleId, lastEventId: String(start) });
    const behind = await open('viewer', { articleId, lastEventId: String(start - 1) });
    // The one behind is brought up to date at once.
    const caughtUp = await nextChanges(behind, start - 1);
    expect(caughtUp).toMatchObject({ cursor: start, changed: [{ id: first.id }] });
    await current.next();

    const second = await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate);
    expect(await nextChanges(current, start)).toMatchObject({ cursor: start + 1, changed: [{ id: second.id }] });
    expect(await nextChanges(behind, start)).toMatchObject({ cursor: start + 1, changed: [{ id: second.id }] });
  });

  it('gives the shared change only to those who may still read it, and each person only their own notifications', async () => {
    const articleId = await importRiver(ctx);
    const a = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const start = await cursorOf(articleId);
    const viewers = [await open('viewer', { articleId, lastEventId: String(start) }), await open('viewer', { articleId })];
    const reviewer = await open('reviewer', { articleId, lastEventId: String(start), notifications: true });
    const editor = await open('editor', { articleId, lastEventId: String(start), notifications: true });
    for (const stream of [...viewers, reviewer, editor]) await stream.next();
    const opening = async (stream: Stream) => {
      // The notifications stream starts with the unread count (the order against presence is not fixed).
      const { message } = await stream.next();
      expect(message.kind).toMatch(/presence|notifications/);
    };
    await opening(reviewer);
    await opening(editor);
    // A change everyone hears while the viewer may still read: their access was checked (and found) for it.
    const other = await annotate(ctx, 'editor', articleId, CLAIM.nitrate);
    for (const stream of [...viewers, reviewer, editor])
      expect(await nextChanges(stream, start)).toMatchObject({ cursor: start + 1, changed: [{ id: other.id }] });

    await ctx.caller.people.removeAccess({ userId: PEOPLE.viewer.id });
    await ctx.as('editor').comment.create({ id: randomUUID(), annotationId: a.id, body: '@Rita Reviewer which stretch?' });

    for (const viewer of viewers) {
      expect((await viewer.next()).message).toMatchObject({ kind: 'closed', reason: 'access_removed' });
      expect(await viewer.ended()).toBe(true);
    }
    const kinds = new Map<string, LiveMessage>();
    while (!kinds.has('changes') || !kinds.has('notifications')) {
      const { message } = await reviewer.next();
      kinds.set(message.kind, message);
    }
    expect(kinds.get('changes')).toMatchObject({ cursor: start + 2, discussion: [a.id] });
    expect(kinds.get('notifications')).toMatchObject({ unread: 1, added: [{ type: 'mention', actorName: 'Ed Editor' }] });
    expect(await nextChanges(editor, start + 1)).toEqual(kinds.get('changes'));

    // The editor's own mention comes next: had the reviewer's reached the editor's stream, it would have come first.
    await ctx.as('reviewer').comment.create({ id: randomUUID(), annotationId: a.id, body: '@Ed Editor the upper stretch' });
    let message: LiveMessage;
    do message = (await editor.next()).message;
    while (message.kind !== 'notifications');
    expect(message).toMatchObject({ unread: 1, added: [{ type: 'mention', actorName: 'Rita Reviewer' }] });
    expect(message.added).toHaveLength(1);
  });
});
