// Who may change which annotation: reviewers their own, editors and admins
// anyone's. The author is always the signed-in person who made it, never a
// name the client sends, and is never replaced by whoever edits it later.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annotations, evidence } from '@/db/schema';
import { findQuote } from '@/server/domain/anchoring';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { DELETE_OTHERS_REFUSAL, EDIT_OTHERS_REFUSAL, REFUSALS, type Role } from '@/server/domain/roles';
import { anchorColumns } from '@/server/services/anchor-columns';
import { createCaller } from '@/server/routers/_app';
import { addPeople, contextFor, freshCaller, PEOPLE, refusal } from './helpers';

const TEXT = 'River desk\n\nThe mayor said the river is cleaner than ever, and that fish are back in every stretch.';
const QUOTE = 'cleaner than ever';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

async function newArticle() {
  const { id } = await ctx.caller.article.import({ text: TEXT });
  const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
  const range = findQuote(doc, QUOTE)!;
  return { articleId: id, doc, anchor: { ...range, exact: QUOTE } };
}

async function createdBy(role: Role) {
  const { articleId, anchor } = await newArticle();
  const annotation = await ctx.as(role).annotation.create({
    id: randomUUID(),
    articleId,
    anchor,
    verdict: 'false',
    rationale: `Written by the ${role}`,
    evidence: [{ url: 'https://example.org/source', title: 'Source' }],
  });
  return { ...annotation, anchor };
}

const change = (a: { id: string; version: number }, rationale: string) => ({
  id: a.id,
  expectedVersion: a.version,
  verdict: 'mostly-false',
  rationale,
  evidence: [],
});

async function storedRow(id: string) {
  return await ctx.db.select().from(annotations).where(eq(annotations.id, id)).get()!;
}

describe('a reviewer and their own annotations', () => {
  it('updates, confirms, re-attaches, deletes and restores them', async () => {
    const reviewer = ctx.as('reviewer');
    const mine = await createdBy('reviewer');
    expect(mine).toMatchObject({ author: 'Rita Reviewer', authorId: 'user-reviewer', updatedBy: null });

    const updated = await reviewer.annotation.update(change(mine, 'Rewritten by Rita'));
    expect(updated).toMatchObject({ version: 2, rationale: 'Rewritten by Rita', author: 'Rita Reviewer', updatedBy: null });

    expect(await reviewer.annotation.confirmAnchor({ id: mine.id })).toMatchObject({ anchorStatus: 'exact' });
    const reattached = await reviewer.annotation.reattach({ id: mine.id, expectedVersion: updated.version, anchor: mine.anchor });
    expect(reattached).toMatchObject({ version: 3, anchorStatus: 'exact' });

    await reviewer.annotation.delete({ id: mine.id });
    expect(await reviewer.annotation.list({ articleId: mine.articleId })).toHaveLength(0);
    const restored = await reviewer.annotation.restore({ id: mine.id });
    expect(restored).toMatchObject({ author: 'Rita Reviewer', rationale: 'Rewritten by Rita' });
  });
});

describe("a reviewer and someone else's annotations", () => {
  it("is refused every change to an editor's annotation, which stays as it was", async () => {
    const reviewer = ctx.as('reviewer');
    const theirs = await createdBy('editor');
    const before = await storedRow(theirs.id);

    const edit = await refusal(reviewer.annotation.update(change(theirs, 'Rita was here')));
    expect(edit.code).toBe('FORBIDDEN');
    expect(edit.message).toBe(EDIT_OTHERS_REFUSAL);
    expect(edit.message).toBe("Only editors and admins can edit another reviewer's annotation");

    const del = await refusal(reviewer.annotation.delete({ id: theirs.id }));
    expect(del.code).toBe('FORBIDDEN');
    expect(del.message).toBe(DELETE_OTHERS_REFUSAL);
    expect(del.message).toBe("Only editors and admins can delete another reviewer's annotation");

    // One at a time: a second call started beside the first is refused before anything awaits it (an unhandled rejection).
    for (const attempt of [
      () => reviewer.annotation.confirmAnchor({ id: theirs.id }),
      () => reviewer.annotation.reattach({ id: theirs.id, expectedVersion: theirs.version, anchor: theirs.anchor }),
    ]) {
      const error = await refusal(attempt());
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe(EDIT_OTHERS_REFUSAL);
    }
    expect(await storedRow(theirs.id)).toEqual(before);

    // Deleted by its editor, it cannot be brought back by the reviewer either.
    await ctx.as('editor').annotation.delete({ id: theirs.id });
    const restore = await refusal(reviewer.annotation.restore({ id: theirs.id }));
    expect(restore).toMatchObject({ code: 'FORBIDDEN', message: DELETE_OTHERS_REFUSAL });
    expect((await storedRow(theirs.id))?.deletedAt).not.toBeNull();
  });

  it("is refused another reviewer's annotation too", async () => {
    const other = { id: 'user-reviewer-2', name: 'Rob Reviewer', role: 'reviewer' as const, email: 'rob@example.org' };
    await addPeople(ctx.db, [other]);
    const ritas = await createdBy('reviewer');
    const rob = createCaller(contextFor(ctx.db, other));
    expect(await refusal(rob.annotation.update(change(ritas, 'Rob was here')))).toMatchObject({
      code: 'FORBIDDEN',
      message: EDIT_OTHERS_REFUSAL,
    });
    expect(await refusal(rob.annotation.delete({ id: ritas.id }))).toMatchObject({ code: 'FORBIDDEN', message: DELETE_OTHERS_REFUSAL });
  });
});

describe("editors and admins change anyone's annotation", () => {
  it('keeps the author and records who changed it last', async () => {
    const ritas = await createdBy('reviewer');

    const byEditor = await ctx.as('editor').annotation.update(change(ritas, 'Tightened by Ed'));
    expect(byEditor).toMatchObject({
      version: 2,
      rationale: 'Tightened by Ed',
      author: 'Rita Reviewer',
      authorId: 'user-reviewer',
      updatedBy: 'Ed Editor',
    });
    expect(await storedRow(ritas.id)).toMatchObject({
      authorName: 'Rita Reviewer',
      authorId: 'user-reviewer',
      updatedBy: 'Ed Editor',
      updatedById: 'user-editor',
    });

    const byAdmin = await ctx.caller.annotation.update(change(byEditor, 'Checked by Ana'));
    expect(byAdmin).toMatchObject({ version: 3, author: 'Rita Reviewer', updatedBy: 'Ana Reviewer' });

    // When the author saves again, they are the last to have changed it.
    const byRita = await ctx.as('reviewer').annotation.update(change(byAdmin, 'Rita agrees'));
    expect(byRita).toMatchObject({ version: 4, author: 'Rita Reviewer', updatedBy: null });

    const editor = ctx.as('editor');
    expect(await editor.annotation.confirmAnchor({ id: ritas.id })).toMatchObject({ author: 'Rita Reviewer' });
    await editor.annotation.delete({ id: ritas.id });
    expect(await editor.annotation.restore({ id: ritas.id })).toMatchObject({ author: 'Rita Reviewer', authorId: 'user-reviewer' });
  });
});

describe('annotations from before accounts', () => {
  async function legacyAnnotation() {
    const { articleId, doc, anchor } = await newArticle();
    const id = randomUUID();
    await ctx.db
      .insert(annotations)
      .values({ id, articleId, ...anchorColumns(doc, anchor), verdictKey: 'false', rationale: 'Old words', authorName: 'Legacy Person' })
      .run();
    await ctx.db.insert(evidence).values({ annotationId: id, url: 'https://example.org/old', title: 'Old', position: 0 }).run();
    return { id, articleId, anchor, version: 1 };
  }

  it('keep their author name, and only editors and admins may change them', async () => {
    const legacy = await legacyAnnotation();
    const [listed] = await ctx.as('viewer').annotation.list({ articleId: legacy.articleId });
    expect(listed).toMatchObject({ id: legacy.id, author: 'Legacy Person', authorId: null, updatedBy: null });

    const reviewer = ctx.as('reviewer');
    expect(await refusal(reviewer.annotation.update(change(legacy, 'Rita tries')))).toMatchObject({
      code: 'FORBIDDEN',
      message: EDIT_OTHERS_REFUSAL,
    });
    expect(await refusal(reviewer.annotation.delete({ id: legacy.id }))).toMatchObject({
      code: 'FORBIDDEN',
      message: DELETE_OTHERS_REFUSAL,
    });
    expect(await refusal(reviewer.annotation.confirmAnchor({ id: legacy.id }))).toMatchObject({ code: 'FORBIDDEN' });

    const edited = await ctx.as('editor').annotation.update(change(legacy, 'Ed updates it'));
    expect(edited).toMatchObject({ version: 2, author: 'Legacy Person', authorId: null, updatedBy: 'Ed Editor' });
    const byAdmin = await ctx.caller.annotation.update(change(edited, 'Ana too'));
    expect(byAdmin).toMatchObject({ author: 'Legacy Person', authorId: null, updatedBy: 'Ana Reviewer' });
    await ctx.caller.annotation.delete({ id: legacy.id });
    expect(await storedRow(legacy.id)).toMatchObject({ authorName: 'Legacy Person', authorId: null });
  });

  it('include the sample article, which no reviewer owns', async () => {
    const [sample] = await ctx.caller.article.list();
    const [first] = await ctx.caller.annotation.list({ articleId: sample.id });
    expect(first.authorId).toBeNull();
    expect(await refusal(ctx.as('reviewer').annotation.delete({ id: first.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('who the author is', () => {
  it('is the signed-in person, whatever the client sends', async () => {
    const { articleId, anchor } = await newArticle();
    const id = randomUUID();
    const forged = {
      id,
      articleId,
      anchor,
      verdict: 'true',
      author: 'Ana Reviewer',
      authorName: 'Ana Reviewer',
      authorId: PEOPLE.admin.id,
      updatedBy: 'Someone Else',
    };
    const created = await ctx.as('reviewer').annotation.create(forged as never);
    expect(created).toMatchObject({ author: 'Rita Reviewer', authorId: 'user-reviewer', updatedBy: null });
    expect(await storedRow(id)).toMatchObject({
      authorName: 'Rita Reviewer',
      authorId: 'user-reviewer',
      updatedBy: null,
      updatedById: null,
    });

    // Nor can an update rename the author or pose as someone else.
    const updated = await ctx
      .as('editor')
      .annotation.update({ ...change(created, 'Ed edits'), author: 'Ed Pretending', editor: 'Nobody', updatedBy: 'Nobody' } as never);
    expect(updated).toMatchObject({ author: 'Rita Reviewer', authorId: 'user-reviewer', updatedBy: 'Ed Editor' });
  });

  it('is the importer for imported Web Annotations without a creator, who then owns them', async () => {
    const { articleId } = await newArticle();
    const file = {
      rows: [
        { text: 'From a file', tags: ['False'], target: [{ selector: [{ type: 'TextQuoteSelector', exact: QUOTE }] }] },
        {
          user: 'acct:jane@hypothes.is',
          text: 'From Jane',
          tags: ['True'],
          target: [{ selector: [{ type: 'TextQuoteSelector', exact: 'fish are back' }] }],
        },
      ],
    };
    await ctx.as('reviewer').annotation.importCollection({ articleId, collection: file });
    const list = await ctx.as('reviewer').annotation.list({ articleId });
    // The importer is the author of both; the file's creator is credited in the note, not taken as a name on the desk.
    expect(list.map((a) => [a.author, a.authorId])).toEqual([
      ['Rita Reviewer', 'user-reviewer'],
      ['Rita Reviewer', 'user-reviewer'],
    ]);
    expect(list[1].rationale).toContain('Imported from Hypothesis: jane');
    // The importer may edit what they imported, though the file names someone else.
    await ctx.as('reviewer').annotation.update(change(list[1], 'Rita reviewed Jane’s note'));
  });
});

describe('viewers', () => {
  it('read and export, but cannot create, change or import', async () => {
    const ritas = await createdBy('reviewer');
    const viewer = ctx.as('viewer');
    expect(await viewer.annotation.list({ articleId: ritas.articleId })).toHaveLength(1);
    await viewer.export.html({ articleId: ritas.articleId });

    const before = (await ctx.db.select().from(annotations).all()).length;
    const { anchor } = ritas;
    const attempts: Promise<unknown>[] = [
      viewer.annotation.create({ id: randomUUID(), articleId: ritas.articleId, anchor, verdict: 'true' }),
      viewer.annotation.update(change(ritas, 'Vic was here')),
      viewer.annotation.delete({ id: ritas.id }),
      viewer.annotation.importCollection({ articleId: ritas.articleId, collection: { rows: [] } }),
      viewer.article.import({ text: 'Viewer article\n\nNot allowed.' }),
    ];
    for (const attempt of attempts) {
      expect(await refusal(attempt)).toMatchObject({ code: 'FORBIDDEN', message: REFUSALS.reviewer });
    }
    expect((await ctx.db.select().from(annotations).all()).length).toBe(before);
    expect(await storedRow(ritas.id)).toMatchObject({ version: 1, deletedAt: null });
  });
});
