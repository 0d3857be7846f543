// A small article and its revision, shared by the review workflow tests, with
// short ways to annotate it as one person and to check a refusal.
import { randomUUID } from 'node:crypto';
import { ON_PG, sqlAll, sqlGet } from './helpers';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { findQuote } from '@/server/domain/anchoring';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import type { Role } from '@/server/domain/roles';
import type { freshCaller } from './helpers';

export type TestDesk = Awaited<ReturnType<typeof freshCaller>>;

export const RIVER = [
  'Mayor claims the river is clean',
  'The mayor said that fish have returned to every stretch of the river this year.',
  'Water samples taken in June showed nitrate levels below the national limit at all twelve stations.',
  'Officials also claimed that the new treatment plant cost less than forty million euros to build.',
  'Residents remain sceptical about swimming in it.',
  'According to the council, the full survey of the river will be published in the autumn, once every sample has been checked twice.',
].join('\n\n');

/** Claim 1 moves to the end among new words, claim 2 is reworded slightly, claim 3 is deleted. */
export const RIVER_REVISED = [
  'Mayor claims the river is clean',
  'Water samples taken in June showed nitrate levels below the national limit at eleven of twelve stations.',
  'Residents remain sceptical about swimming in it.',
  'According to the council, the full survey of the river will be published in the autumn, once every sample has been checked twice.',
  'In a later statement, the mayor said that fish have returned to every stretch of the river this year.',
].join('\n\n');

export const CLAIM = {
  /** 'moved' in RIVER_REVISED */
  fish: 'fish have returned to every stretch of the river',
  /** 'fuzzy' in RIVER_REVISED */
  nitrate: 'nitrate levels below the national limit at all twelve stations',
  /** 'orphaned' in RIVER_REVISED */
  plant: 'the new treatment plant cost less than forty million euros',
  /** the same words in RIVER_REVISED, among other neighbours: 'moved' */
  residents: 'Residents remain sceptical',
  /** unchanged, context included, in RIVER_REVISED: 'exact' */
  survey: 'will be published in the autumn',
};

export const EVIDENCE = [{ url: 'https://example.org/water-report', title: 'Water report' }];

/** The article, imported by the admin. */
export async function importRiver(ctx: TestDesk, text = RIVER) {
  const { id } = await ctx.caller.article.import({ text });
  return id;
}

export async function anchorOf(ctx: TestDesk, articleId: number, exact: string) {
  const doc = articleDocFromJSON((await ctx.caller.article.byId({ id: articleId })).body);
  const range = findQuote(doc, exact);
  if (!range) throw new Error(`not in the article: ${exact}`);
  return { ...range, exact };
}

/** A complete annotation (rationale and evidence) by `role`, in draft. */
export async function annotate(
  ctx: TestDesk,
  role: Role,
  articleId: number,
  exact: string,
  fields: { verdict?: string; rationale?: string; evidence?: { url: string; title: string }[]; claimSummary?: string } = {},
) {
  return ctx.as(role).annotation.create({
    id: randomUUID(),
    articleId,
    anchor: await anchorOf(ctx, articleId, exact),
    verdict: fields.verdict ?? 'false',
    rationale: fields.rationale ?? 'The water agency measured the opposite.',
    evidence: fields.evidence ?? EVIDENCE,
    ...(fields.claimSummary !== undefined ? { claimSummary: fields.claimSummary } : {}),
  });
}

/** The error a promise is refused with; fails when it is not refused. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

export async function expectRefusal(promise: Promise<unknown>, code: TRPCError['code'], message: RegExp | string) {
  const error = await refusal(promise);
  expect(error.code, error.message).toBe(code);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  return error;
}

/** Every row of the tables a change may touch, to show that a failed change left them alone. */
export async function everything(ctx: TestDesk) {
  // PostgreSQL has no rowid: its tables' first two columns (a key first) give the same fixed order.
  const order = ON_PG ? '1, 2' : 'rowid';
  const all = (table: string) => sqlAll(ctx.db, `SELECT * FROM ${table} ORDER BY ${order}`);
  return {
    annotations: await all('annotations'),
    evidence: await all('evidence'),
    comments: await all('comments'),
    mentions: await all('comment_mentions'),
    events: await all('events'),
    articles: await all('articles'),
    revisions: await all('article_revisions'),
    organisation: await all('organisation'),
    verdicts: await all('verdicts'),
    // The search index is written in the same transaction: a failed change leaves it alone too.
    searchDocs: await all('search_docs'),
    searchText: await all('search_fts'),
    claimTerms: await all('claim_fts'),
  };
}

/** "Is the verdict still right?" answered "yes" by `role`, for an annotation a revision reworded. */
export async function keepVerdict(ctx: TestDesk, role: Role, id: string) {
  const articleId = ((await sqlGet(ctx.db, 'SELECT article_id AS a FROM annotations WHERE id = ?', id)) as { a: number }).a;
  const current = (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === id)!;
  return ctx.as(role).annotation.answerVerdictQuestion({ id, expectedVersion: current.version, answer: 'keep' });
}
