// An annotation's discussion: everyone signed in may take part, authors change
// their own comments, editors resolve, and "@Full Name" mentions a colleague.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { user } from '@/db/schema';
import { REFUSALS, ROLES } from '@/server/domain/roles';
import { OWN_COMMENTS_ONLY } from '@/server/services/comments';
import { freshCaller, sqlAll } from './helpers';
import { annotate, CLAIM, expectRefusal, importRiver, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

async function ritasAnnotation(exact = CLAIM.fish) {
  const articleId = await importRiver(ctx);
  return annotate(ctx, 'reviewer', articleId, exact);
}

const post = (role: Parameters<TestDesk['as']>[0], annotationId: string, body: string) =>
  ctx.as(role).comment.create({ id: randomUUID(), annotationId, body });

async function discussionResolved(annotationId: string, articleId: number) {
  return (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === annotationId)!.discussionResolved;
}

describe('commenting', () => {
  it('is open to every role, viewers included, in the order written', async () => {
    const a = await ritasAnnotation();
    // A minute apart, so that the order does not depend on two posts landing in different milliseconds.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const [i, role] of ROLES.entries()) {
        vi.setSystemTime(new Date(Date.UTC(2026, 2, 1, 10, i)));
        await post(role, a.id, `A note from the ${role}`);
      }
    } finally {
      vi.useRealTimers();
    }
    const list = await ctx.as('viewer').comment.list({ annotationId: a.id });
    expect(list.map((c) => [c.authorName, c.body, c.edited])).toEqual([
      ['Vic Viewer', 'A note from the viewer', false],
      ['Rita Reviewer', 'A note from the reviewer', false],
      ['Ed Editor', 'A note from the editor', false],
      ['Ana Reviewer', 'A note from the admin', false],
    ]);
    expect(list.every((c) => c.annotationId === a.id)).toBe(true);
    const history = await ctx.caller.annotation.history({ id: a.id });
    expect(history[0]).toMatchObject({
      type: 'comment.created',
      actorName: 'Ana Reviewer',
      sentence: 'Ana Reviewer commented: “A note from the admin”',
    });
  });

  it('refuses signed-out visitors, empty and overlong comments, and deleted annotations', async () => {
    const a = await ritasAnnotation();
    await expectRefusal(post(null, a.id, 'hello'), 'UNAUTHORIZED', /Sign in/);
    await expectRefusal(post('viewer', a.id, '  \n '), 'BAD_REQUEST', /Write a comment first/);
    await expectRefusal(post('viewer', a.id, 'x'.repeat(5001)), 'BAD_REQUEST', /at most 5,000 characters/);
    expect(await post('viewer', a.id, 'y'.repeat(5000))).toMatchObject({ body: 'y'.repeat(5000) });
    await ctx.as('reviewer').annotation.delete({ id: a.id });
    await expectRefusal(post('viewer', a.id, 'too late'), 'NOT_FOUND', /does not exist/);
    await expectRefusal(post('viewer', randomUUID(), 'nowhere'), 'NOT_FOUND', /does not exist/);
  });

  it('treats a retried post as the same comment', async () => {
    const a = await ritasAnnotation();
    const input = { id: randomUUID(), annotationId: a.id, body: 'Only once' };
    const first = await ctx.as('viewer').comment.create(input);
    expect(await ctx.as('viewer').comment.create(input)).toEqual(first);
    expect(await ctx.caller.comment.list({ annotationId: a.id })).toHaveLength(1);
  });
});

describe('editing and deleting comments', () => {
  it('is for their author, whatever their role', async () => {
    const a = await ritasAnnotation();
    const vics = await post('viewer', a.id, 'Is tehre a source?');
    const edited = await ctx.as('viewer').comment.edit({ id: vics.id, body: 'Is there a source?' });
    expect(edited).toMatchObject({ id: vics.id, body: 'Is there a source?', edited: true, authorName: 'Vic Viewer' });
    expect((await ctx.caller.annotation.history({ id: a.id }))[0]).toMatchObject({
      type: 'comment.edited',
      actorName: 'Vic Viewer',
      before: { commentId: vics.id, body: 'Is tehre a source?' },
      after: { commentId: vics.id, body: 'Is there a source?' },
      sentence: 'Vic Viewer edited a comment: “Is tehre a source?” → “Is there a source?”',
    });
    // Saving the same text again changes nothing and records nothing.
    const count = (await ctx.caller.annotation.history({ id: a.id })).length;
    await ctx.as('viewer').comment.edit({ id: vics.id, body: 'Is there a source?' });
    expect(await ctx.caller.annotation.history({ id: a.id })).toHaveLength(count);

    await ctx.as('viewer').comment.delete({ id: vics.id });
    expect(await ctx.caller.comment.list({ annotationId: a.id })).toEqual([]);
    expect((await ctx.caller.annotation.history({ id: a.id }))[0]).toMatchObject({
      type: 'comment.deleted',
      sentence: 'Vic Viewer deleted a comment: “Is there a source?”',
    });
    await expectRefusal(ctx.as('viewer').comment.edit({ id: vics.id, body: 'back?' }), 'NOT_FOUND', /does not exist any more/);
    await expectRefusal(ctx.as('viewer').comment.delete({ id: vics.id }), 'NOT_FOUND', /does not exist any more/);
  });

  it('refuses everyone else, editors and admins included', async () => {
    const a = await ritasAnnotation();
    const ritas = await post('reviewer', a.id, 'Checked against the survey.');
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      await expectRefusal(ctx.as(role).comment.edit({ id: ritas.id, body: 'Rewritten' }), 'FORBIDDEN', OWN_COMMENTS_ONLY);
      await expectRefusal(ctx.as(role).comment.delete({ id: ritas.id }), 'FORBIDDEN', OWN_COMMENTS_ONLY);
    }
    await expectRefusal(ctx.as(null).comment.delete({ id: ritas.id }), 'UNAUTHORIZED', /Sign in/);
    expect(await ctx.caller.comment.list({ annotationId: a.id })).toMatchObject([{ body: 'Checked against the survey.', edited: false }]);
  });
});

describe('resolving a discussion', () => {
  it('is for editors and admins; a new comment reopens it', async () => {
    const a = await ritasAnnotation();
    await post('viewer', a.id, 'Which survey?');
    expect(await discussionResolved(a.id, a.articleId)).toBe(false);

    await expectRefusal(ctx.as('reviewer').comment.resolve({ annotationId: a.id }), 'FORBIDDEN', REFUSALS.editor);
    await expectRefusal(ctx.as('viewer').comment.resolve({ annotationId: a.id }), 'FORBIDDEN', REFUSALS.editor);
    expect(await discussionResolved(a.id, a.articleId)).toBe(false);

    expect(await ctx.as('editor').comment.resolve({ annotationId: a.id })).toEqual({ resolved: true });
    expect(await discussionResolved(a.id, a.articleId)).toBe(true);
    expect((await ctx.caller.annotation.history({ id: a.id }))[0]).toMatchObject({
      type: 'discussion.resolved',
      sentence: 'Ed Editor resolved the discussion',
    });
    // Resolving again records nothing more.
    const count = (await ctx.caller.annotation.history({ id: a.id })).length;
    await ctx.caller.comment.resolve({ annotationId: a.id });
    expect(await ctx.caller.annotation.history({ id: a.id })).toHaveLength(count);

    await post('reviewer', a.id, 'The 2025 survey.');
    expect(await discussionResolved(a.id, a.articleId)).toBe(false);
    await ctx.caller.comment.resolve({ annotationId: a.id });
    expect(await discussionResolved(a.id, a.articleId)).toBe(true);
    // A request for changes is a comment too: it reopens the discussion.
    await ctx.as('reviewer').annotation.submit({ id: a.id });
    await ctx.as('editor').annotation.requestChanges({ id: a.id, comment: 'Cite it, please.' });
    expect(await discussionResolved(a.id, a.articleId)).toBe(false);
  });
});

describe('mentions', () => {
  it('lists the comments that mention a person, for that person only', async () => {
    const a = await ritasAnnotation();
    const asking = await post('viewer', a.id, 'Can you check this, @Ed Editor?');
    const mentions = await ctx.as('editor').comment.mentions();
    expect(mentions).toEqual([
      {
        commentId: asking.id,
        body: 'Can you check this, @Ed Editor?',
        authorName: 'Vic Viewer',
        createdAt: asking.createdAt,
        annotationId: a.id,
        quote: CLAIM.fish,
        articleId: a.articleId,
        articleTitle: 'Mayor claims the river is clean',
      },
    ]);
    for (const role of ['viewer', 'reviewer', 'admin'] as const) expect(await ctx.as(role).comment.mentions(), role).toEqual([]);
  });

  it('matches the full name in any case, but not a longer word', async () => {
    const a = await ritasAnnotation();
    await post('viewer', a.id, '@ed editor please look');
    await post('viewer', a.id, 'ping @Eddie Editorial team');
    await post('viewer', a.id, 'ed editor without the at sign');
    await post('viewer', a.id, '@Rita Reviewer and @Ed Editor, both of you');
    expect((await ctx.as('editor').comment.mentions()).map((m) => m.body).sort()).toEqual([
      '@Rita Reviewer and @Ed Editor, both of you',
      '@ed editor please look',
    ]);
    expect((await ctx.as('reviewer').comment.mentions()).map((m) => m.body)).toEqual(['@Rita Reviewer and @Ed Editor, both of you']);
  });

  it('resolves a first name that only one person has', async () => {
    const a = await ritasAnnotation();
    const asking = await post('viewer', a.id, 'Can you check this, @Ed?');
    expect((await ctx.as('editor').comment.mentions()).map((m) => m.commentId)).toEqual([asking.id]);
    expect((await ctx.as('editor').notification.list()).map((n) => n.type)).toContain('mention');
    expect((await ctx.as('viewer').comment.people()).map((p) => p.name)).toContain('Ed Editor');
  });

  it('keeps pointing at the person mentioned after a rename, not at whoever takes the old name', async () => {
    const a = await ritasAnnotation();
    const asking = await post('viewer', a.id, 'Can you check this, @Ed Editor?');
    await ctx.caller.people.rename({ userId: 'user-editor', name: 'Edwina Editor' });
    // The name is free again: Rita takes it.
    await ctx.caller.people.rename({ userId: 'user-reviewer', name: 'Ed Editor' });

    expect((await ctx.as('editor').comment.mentions()).map((m) => m.commentId)).toEqual([asking.id]);
    expect(await ctx.as('reviewer').comment.mentions()).toEqual([]);
    const told = async (userId: string) =>
      (await ctx.as(userId === 'user-editor' ? 'editor' : 'reviewer').notification.list()).map((n) => n.type);
    expect(await told('user-editor')).toContain('mention');
    expect(await told('user-reviewer')).not.toContain('mention');

    // New comments mention people by the names they have now.
    const later = await post('viewer', a.id, '@Edwina Editor and @Ed Editor, both of you');
    expect((await ctx.as('editor').comment.mentions()).map((m) => m.commentId).sort()).toEqual([asking.id, later.id].sort());
    expect((await ctx.as('reviewer').comment.mentions()).map((m) => m.commentId)).toEqual([later.id]);
  });

  it('keeps an edited comment’s mention on the person first meant, after a rename hands the name to someone else', async () => {
    const a = await ritasAnnotation();
    const asking = await post('viewer', a.id, 'Can you check this, @Ed Editor?');
    await ctx.caller.people.rename({ userId: 'user-editor', name: 'Edwina Editor' });
    await ctx.caller.people.rename({ userId: 'user-reviewer', name: 'Ed Editor' });

    // The "@Ed Editor" text is unchanged: it still means Edwina, not Rita who bears that name now.
    await ctx.as('viewer').comment.edit({ id: asking.id, body: 'Can you check this today, @Ed Editor?' });
    expect((await ctx.as('editor').comment.mentions()).map((m) => m.commentId)).toEqual([asking.id]);
    expect(await ctx.as('reviewer').comment.mentions()).toEqual([]);
    expect((await ctx.as('reviewer').notification.list()).map((n) => n.type)).not.toContain('mention');

    // A name typed in the edit is new: it reaches its bearer today, and the first mention stays.
    await ctx.as('viewer').comment.edit({ id: asking.id, body: 'Can you check this today, @Ed Editor? And @Ana Reviewer too.' });
    expect((await ctx.as('editor').comment.mentions()).map((m) => m.commentId)).toEqual([asking.id]);
    expect((await ctx.as('admin').comment.mentions()).map((m) => m.commentId)).toEqual([asking.id]);
    expect(await ctx.as('reviewer').comment.mentions()).toEqual([]);

    // Taking a name out of the text takes its mention out.
    await ctx.as('viewer').comment.edit({ id: asking.id, body: 'Can you check this today, @Ed Editor?' });
    expect(await ctx.as('admin').comment.mentions()).toEqual([]);
    expect((await ctx.as('editor').comment.mentions()).map((m) => m.commentId)).toEqual([asking.id]);
  });

  it('follows edits, and leaves with deleted comments and deleted annotations', async () => {
    const a = await ritasAnnotation();
    const first = await post('viewer', a.id, 'For @Ed Editor');
    const second = await post('reviewer', a.id, 'Also for you, @Ed Editor');
    expect(await ctx.as('editor').comment.mentions()).toHaveLength(2);

    await ctx.as('viewer').comment.delete({ id: first.id });
    expect((await ctx.as('editor').comment.mentions()).map((m) => m.commentId)).toEqual([second.id]);

    await ctx.as('reviewer').comment.edit({ id: second.id, body: 'Never mind, @Vic Viewer has it' });
    expect(await ctx.as('editor').comment.mentions()).toEqual([]);
    expect((await ctx.as('viewer').comment.mentions()).map((m) => m.commentId)).toEqual([second.id]);

    await ctx.as('reviewer').annotation.delete({ id: a.id });
    expect(await ctx.as('viewer').comment.mentions()).toEqual([]);
    await ctx.as('reviewer').annotation.restore({ id: a.id });
    expect(await ctx.as('viewer').comment.mentions()).toHaveLength(1);
  });

  it('does not mention people whose access was removed', async () => {
    const a = await ritasAnnotation();
    await ctx.db.update(user).set({ accessRemovedAt: new Date() }).where(eq(user.id, 'user-editor')).run();
    await post('viewer', a.id, 'For @Ed Editor');
    const rows = await sqlAll(ctx.db, 'SELECT * FROM comment_mentions');
    expect(rows).toEqual([]);
  });
});
