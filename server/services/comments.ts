// An annotation's discussion: comments with their author and time, separate
// from the published rationale. Anyone signed in may comment; authors edit
// and delete their own; editors resolve. "@Name" (or "@First" when one person has that first name)
// mentions a person of the desk; mentions are stored by person id.
import 'server-only';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { insertionOrder } from '@/db/order';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { annotations, articles, commentMentions, comments, user, type CommentRow } from '@/db/schema';
import { resolveMentions, type MentionablePerson } from '../domain/mentions';
import { can } from '../domain/policy';
import type { Actor } from '../domain/roles';
import { conflict, forbidden, notFound } from '../errors';
import { ANNOTATION_GONE, findRow, liveRow } from './annotations';
import { recordEvent } from './events';
import { withTx } from './transaction';
import { indexAnnotation } from './search-index';

export interface CommentView {
  id: string;
  annotationId: string;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
  edited: boolean;
}

const toView = (row: CommentRow): CommentView => ({
  id: row.id,
  annotationId: row.annotationId,
  authorId: row.authorId,
  authorName: row.authorName,
  body: row.body,
  createdAt: row.createdAt,
  edited: row.updatedAt !== row.createdAt,
});

export const COMMENT_GONE = 'This comment does not exist any more';
export const OWN_COMMENTS_ONLY = 'Only its author can change or delete a comment';
export const RESOLVE_REFUSAL = 'Only editors and admins can resolve a discussion';

/** The people of the desk a body mentions (see resolveMentions: full names, and first names only one person has). */
export async function mentionedPeople(db: DbOrTx, body: string): Promise<string[]> {
  return resolveMentions(body, await mentionablePeople(db));
}

/** Everyone who can be mentioned: the people who still have access, by name. */
export async function mentionablePeople(db: DbOrTx): Promise<MentionablePerson[]> {
  return await db.select({ id: user.id, name: user.name }).from(user).where(isNull(user.accessRemovedAt)).orderBy(asc(user.name)).all();
}

async function writeMentions(tx: Tx, commentId: string, ids: Iterable<string>): Promise<void> {
  await tx.delete(commentMentions).where(eq(commentMentions.commentId, commentId)).run();
  const rows = [...new Set(ids)].map((userId) => ({ commentId, userId }));
  if (rows.length) await tx.insert(commentMentions).values(rows).run();
}

/**
 * Who an edited comment mentions. A mention is a person, fixed when it was
 * typed: re-reading the old "@Name" by today's names would hand it to whoever
 * took that name after a rename. So the mentions already stored stay, unless
 * the edit took out their "@Name" (still that person's name, in the old text
 * and not in the new); and only names that the old text did not hold are
 * resolved, to the people who bear them now.
 */
export async function mentionsAfterEdit(tx: DbOrTx, commentId: string, before: string, after: string): Promise<Set<string>> {
  const stored = (
    await tx.select({ userId: commentMentions.userId }).from(commentMentions).where(eq(commentMentions.commentId, commentId)).all()
  ).map((r) => r.userId);
  const wasNamed = new Set(await mentionedPeople(tx, before));
  const isNamed = new Set(await mentionedPeople(tx, after));
  const kept = stored.filter((id) => !(wasNamed.has(id) && !isNamed.has(id)));
  const typed = [...isNamed].filter((id) => !wasNamed.has(id));
  return new Set([...kept, ...typed]);
}

export async function listComments(db: DbOrTx, annotationId: string): Promise<CommentView[]> {
  // An annotation not saved yet has no comments; one whose article was deleted is gone.
  const exists = await db.select({ id: annotations.id }).from(annotations).where(eq(annotations.id, annotationId)).get();
  if (exists && !(await findRow(db, annotationId))) throw notFound(ANNOTATION_GONE);
  return (
    await db
      .select()
      .from(comments)
      .where(and(eq(comments.annotationId, annotationId), isNull(comments.deletedAt)))
      .orderBy(asc(comments.createdAt), asc(insertionOrder(comments)))
      .all()
  ).map(toView);
}

/** Inside the caller's transaction, so "Request changes" and its comment land together. */
export async function addComment(
  tx: Tx,
  actor: Actor,
  input: { id: string; annotationId: string; articleId: number; body: string },
): Promise<CommentView> {
  const at = new Date().toISOString();
  await tx
    .insert(comments)
    .values({
      id: input.id,
      annotationId: input.annotationId,
      authorId: actor.id,
      authorName: actor.name,
      body: input.body,
      createdAt: at,
      updatedAt: at,
    })
    .run();
  await writeMentions(tx, input.id, await mentionedPeople(tx, input.body));
  // A new comment reopens a resolved discussion.
  await tx
    .update(annotations)
    .set({ discussionResolvedAt: null, discussionResolvedBy: null })
    .where(eq(annotations.id, input.annotationId))
    .run();
  await indexAnnotation(tx, input.annotationId);
  await recordEvent(tx, {
    type: 'comment.created',
    actor,
    articleId: input.articleId,
    annotationId: input.annotationId,
    after: { commentId: input.id, body: input.body },
  });
  return toView((await tx.select().from(comments).where(eq(comments.id, input.id)).get())!);
}

export async function createComment(db: Db, actor: Actor, input: { id: string; annotationId: string; body: string }): Promise<CommentView> {
  return withTx(db, async (tx) => {
    const row = await liveRow(tx, input.annotationId);
    const existing = await tx.select().from(comments).where(eq(comments.id, input.id)).get();
    if (existing) {
      if (existing.authorId === actor.id && existing.body === input.body && existing.annotationId === input.annotationId)
        return toView(existing); // a retried post
      throw conflict('A comment with this id already exists');
    }
    return await addComment(tx, actor, { ...input, articleId: row.articleId });
  });
}

async function ownComment(tx: DbOrTx, actor: Actor, id: string): Promise<CommentRow> {
  const row = await tx.select().from(comments).where(eq(comments.id, id)).get();
  if (!row || row.deletedAt) throw notFound(COMMENT_GONE);
  if (row.authorId !== actor.id) throw forbidden(OWN_COMMENTS_ONLY);
  return row;
}

export async function editComment(db: Db, actor: Actor, id: string, body: string): Promise<CommentView> {
  return withTx(db, async (tx) => {
    const row = await ownComment(tx, actor, id);
    if (row.body === body) return toView(row);
    const annotation = await liveRow(tx, row.annotationId);
    const mentioned = await mentionsAfterEdit(tx, id, row.body, body);
    await tx.update(comments).set({ body, updatedAt: new Date().toISOString() }).where(eq(comments.id, id)).run();
    await writeMentions(tx, id, mentioned);
    await indexAnnotation(tx, row.annotationId);
    await recordEvent(tx, {
      type: 'comment.edited',
      actor,
      articleId: annotation.articleId,
      annotationId: row.annotationId,
      before: { commentId: id, body: row.body },
      after: { commentId: id, body },
    });
    return toView((await tx.select().from(comments).where(eq(comments.id, id)).get())!);
  });
}

export async function deleteComment(db: Db, actor: Actor, id: string): Promise<{ id: string }> {
  return withTx(db, async (tx) => {
    const row = await ownComment(tx, actor, id);
    const annotation = await liveRow(tx, row.annotationId);
    await tx.update(comments).set({ deletedAt: new Date().toISOString() }).where(eq(comments.id, id)).run();
    await tx.delete(commentMentions).where(eq(commentMentions.commentId, id)).run();
    await indexAnnotation(tx, row.annotationId);
    await recordEvent(tx, {
      type: 'comment.deleted',
      actor,
      articleId: annotation.articleId,
      annotationId: row.annotationId,
      before: { commentId: id, body: row.body },
    });
    return { id };
  });
}

export async function resolveDiscussion(db: Db, actor: Actor, annotationId: string): Promise<{ resolved: true }> {
  if (!can.resolveDiscussion(actor)) throw forbidden(RESOLVE_REFUSAL, 'role');
  return withTx(db, async (tx) => {
    const row = await liveRow(tx, annotationId);
    if (!row.discussionResolvedAt) {
      await tx
        .update(annotations)
        .set({ discussionResolvedAt: new Date().toISOString(), discussionResolvedBy: actor.name })
        .where(eq(annotations.id, annotationId))
        .run();
      await recordEvent(tx, { type: 'discussion.resolved', actor, articleId: row.articleId, annotationId });
    }
    return { resolved: true as const };
  });
}

export interface Mention {
  commentId: string;
  body: string;
  authorName: string;
  createdAt: string;
  annotationId: string;
  quote: string;
  articleId: number;
  articleTitle: string;
}

/** Comments that mention this person, newest first, on annotations (and articles) that still exist. */
export async function mentionsOf(db: DbOrTx, actor: Actor): Promise<Mention[]> {
  return await db
    .select({
      commentId: comments.id,
      body: comments.body,
      authorName: comments.authorName,
      createdAt: comments.createdAt,
      annotationId: annotations.id,
      quote: annotations.exact,
      articleId: articles.id,
      articleTitle: articles.title,
    })
    .from(commentMentions)
    .innerJoin(comments, eq(comments.id, commentMentions.commentId))
    .innerJoin(annotations, eq(annotations.id, comments.annotationId))
    .innerJoin(articles, eq(articles.id, annotations.articleId))
    .where(and(eq(commentMentions.userId, actor.id), isNull(comments.deletedAt), isNull(annotations.deletedAt), isNull(articles.deletedAt)))
    .orderBy(desc(comments.createdAt))
    .limit(200)
    .all();
}
