// Re-anchoring a revision runs in the worker pool (off the request thread):
// the result must be the same as doing it inline, and an annotation that
// changes while the worker runs must not be written with a stale result.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { findQuote } from '@/server/domain/anchoring';
import { fromText } from '@/server/services/article-sources';
import { addRevision, addRevisionOffThread } from '@/server/services/revisions';
import { closeImportPool } from '@/server/workers/import-pool';
import { freshCaller, PEOPLE } from './helpers';

// The worker's answer is held until the test lets it go, so "changed while the worker ran" is a fact, not a race
// (a warm pool can answer, and the revision commit, before the test's own reads).
const held = vi.hoisted(() => ({ started: null as null | (() => void), release: Promise.resolve() }));
vi.mock('@/server/workers/import-pool', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/server/workers/import-pool')>();
  return {
    ...actual,
    placeRevisionOffThread: async (...args: Parameters<typeof actual.placeRevisionOffThread>) => {
      const answer = await actual.placeRevisionOffThread(...args);
      held.started?.();
      await held.release;
      return answer;
    },
  };
});

const ORIGINAL = [
  'Council says the bridge is safe',
  'The council said the old bridge passed every inspection since 2010.',
  'Engineers found cracks in two of the five supports last spring.',
  'Repairs are planned for next year.',
].join('\n\n');
const REVISED = [
  'Council says the bridge is safe',
  'Engineers found cracks in two of the five supports last spring, the report adds.',
  'The council said the old bridge passed nearly every inspection since 2010.',
].join('\n\n');
const CLAIMS = [
  'the old bridge passed every inspection since 2010',
  'cracks in two of the five supports',
  'Repairs are planned for next year',
];

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => {
  held.started = null;
  held.release = Promise.resolve();
  return ctx.cleanup();
});
afterAll(() => closeImportPool());

async function article() {
  const { id } = await ctx.caller.article.import({ text: ORIGINAL });
  const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
  const ids: string[] = [];
  for (const exact of CLAIMS) {
    const created = await ctx.caller.annotation.create({
      id: randomUUID(),
      articleId: id,
      anchor: { ...findQuote(doc, exact)!, exact },
      verdict: 'false',
      rationale: 'r',
    });
    ids.push(created.id);
  }
  return { id, ids };
}

const placeOf = async (articleId: number) => (await ctx.caller.annotation.list({ articleId })).map((a) => [a.exact, a.anchorStatus]).sort();

describe('re-anchoring in the worker pool', () => {
  it('gives the same anchors as inline re-anchoring', async () => {
    const inPool = await article();
    const inline = await article();
    const pooled = await addRevisionOffThread(ctx.db, PEOPLE.admin, inPool.id, await fromText({ text: REVISED }));
    const direct = await addRevision(ctx.db, PEOPLE.admin, inline.id, await fromText({ text: REVISED }));
    expect(pooled.anchors).toEqual(direct.anchors);
    // The reworded claim and the deleted one are orphaned; the moved one is found.
    expect(pooled.anchors).toEqual({ exact: 0, moved: 1, fuzzy: 0, orphaned: 2 });
    expect(await placeOf(inPool.id)).toEqual(await placeOf(inline.id));
  });

  it('re-anchors again, inline, an annotation changed while the worker ran', async () => {
    const { id, ids } = await article();
    const revision = await fromText({ text: REVISED });
    let release!: () => void;
    held.release = new Promise<void>((resolve) => (release = resolve));
    const answered = new Promise<void>((resolve) => (held.started = resolve));
    const pending = addRevisionOffThread(ctx.db, PEOPLE.admin, id, revision);
    await answered;
    // Before the worker answers: someone re-attaches the orphan-to-be onto text that survives the revision.
    const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
    const exact = 'the council said the old bridge'.replace('the council', 'The council');
    const [current] = (await ctx.caller.annotation.list({ articleId: id })).filter((a) => a.id === ids[2]);
    await ctx.caller.annotation.reattach({ id: ids[2], expectedVersion: current.version, anchor: { ...findQuote(doc, exact)!, exact } });
    release();
    const result = await pending;
    // Computed for the old versions, the worker's answer would orphan it (2 orphans); the transaction saw the change and re-anchored it.
    expect(result.anchors.orphaned).toBe(1);
    const reattached = (await ctx.caller.annotation.list({ articleId: id })).find((a) => a.id === ids[2])!;
    expect(reattached.exact).toBe('The council said the old bridge');
    expect(reattached.anchorStatus).not.toBe('orphaned');
  });
});
