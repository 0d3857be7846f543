import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { findQuote } from '@/server/domain/anchoring';
import { freshCaller, signOff, sqlGet } from './helpers';

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const org = { name: 'Check Desk', url: 'https://checkdesk.example', logoUrl: null, allowSelfApproval: false };

async function scale() {
  return (await ctx.caller.settings.get()).verdicts.map(({ key, label, colour, icon, rating, requiresEvidence }) => ({
    key,
    label,
    colour,
    icon,
    rating,
    requiresEvidence,
  }));
}

async function annotatedArticle(verdict: string) {
  const { id } = await ctx.caller.article.import({ text: 'Claim desk\n\nThe river is cleaner than ever.' });
  const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
  const range = findQuote(doc, 'cleaner than ever')!;
  const created = await ctx.caller.annotation.create({
    id: randomUUID(),
    articleId: id,
    anchor: { ...range, exact: 'cleaner than ever' },
    verdict,
    rationale: 'The water agency measured the opposite.',
    evidence: [{ url: 'https://example.org/water-report', title: 'Water report' }],
    claimSummary: 'River is cleaner than ever',
    claimAuthor: 'The mayor',
    claimAppearanceUrl: 'https://example.org/speech',
    claimAppearanceDate: '2026-11-02',
  });
  return signOff(ctx.as, created.id);
}

describe('settings procedures', () => {
  it('starts with the default scale and its ratings', async () => {
    const verdicts = await scale();
    expect(verdicts.find((v) => v.key === 'true')?.rating).toBe(5);
    expect(verdicts.find((v) => v.key === 'false')?.rating).toBe(1);
    expect(verdicts.find((v) => v.key === 'misleading')?.rating).toBeNull();
  });

  it('saves the organisation, relabels and reorders without touching annotation keys', async () => {
    const annotation = await annotatedArticle('false');
    const verdicts = await scale();
    const relabelled = verdicts.map((v) => (v.key === 'false' ? { ...v, label: 'Wrong' } : v)).reverse();
    const saved = await ctx.caller.settings.save({ organisation: org, verdicts: relabelled });
    expect(saved.organisation).toEqual({ ...org, publicUrl: null, methodologyUrl: null, correctionsPolicyUrl: null });
    expect(saved.verdicts[0].key).toBe('not-a-claim');
    expect(saved.verdicts.find((v) => v.key === 'false')?.label).toBe('Wrong');
    const [after] = await ctx.caller.annotation.list({ articleId: annotation.articleId });
    expect(after.verdict).toBe('false');
    expect(after).toMatchObject({ status: 'approved', claimAuthor: 'The mayor', claimAppearanceDate: '2026-11-02' });
  });

  it('refuses to delete a verdict in use, and deletes an unused one', async () => {
    await annotatedArticle('mixed');
    const verdicts = await scale();
    await expect(ctx.caller.settings.save({ organisation: org, verdicts: verdicts.filter((v) => v.key !== 'mixed') })).rejects.toThrow(
      /A verdict in use cannot be deleted: "Mixed" \(1 annotation\)/,
    );
    expect((await scale()).map((v) => v.key)).toContain('mixed');
    const saved = await ctx.caller.settings.save({ organisation: org, verdicts: verdicts.filter((v) => v.key !== 'not-a-claim') });
    expect(saved.verdicts.map((v) => v.key)).not.toContain('not-a-claim');
  });

  it('tells the settings page how many annotations use each verdict, deleted ones too, since those block deleting it as well', async () => {
    const start = (await ctx.caller.settings.get()).usage;
    const annotation = await annotatedArticle('mixed');
    const second = await annotatedArticle('mixed');
    expect((await ctx.caller.settings.get()).usage).toEqual({ ...start, mixed: 2 });
    await ctx.caller.annotation.delete({ id: second.id });
    await ctx.caller.article.delete({ id: annotation.articleId });
    expect((await ctx.caller.settings.get()).usage).toEqual({ ...start, mixed: 2 });
    await expect(
      ctx.caller.settings.save({ organisation: org, verdicts: (await scale()).filter((v) => v.key !== 'mixed') }),
    ).rejects.toThrow(/"Mixed" \(2 annotations\)/);
    // Saving answers with the counts too, and the history of a change does not carry them.
    const saved = await ctx.caller.settings.save({ organisation: org, verdicts: await scale() });
    expect(saved.usage).toEqual({ ...start, mixed: 2 });
    const event = (await sqlGet(
      ctx.db,
      `SELECT CAST(before AS TEXT) AS before, CAST(after AS TEXT) AS after FROM events WHERE type = 'settings.changed' ORDER BY id DESC`,
    )) as {
      before: string;
      after: string;
    };
    expect(Object.keys(JSON.parse(event.after)).sort()).toEqual(['organisation', 'verdicts']);
  });

  it('adds a verdict that annotations can then use', async () => {
    const verdicts = await scale();
    await ctx.caller.settings.save({
      organisation: org,
      verdicts: [...verdicts, { key: 'pants-on-fire', label: 'Pants on fire', colour: '#ff0000', icon: '🔥', rating: null }],
    });
    expect((await annotatedArticle('pants-on-fire')).verdict).toBe('pants-on-fire');
  });

  it('refuses bad settings with messages that name the problem', async () => {
    const verdicts = await scale();
    const cases: [unknown, RegExp][] = [
      [{ organisation: { ...org, name: ' ' }, verdicts }, /Organisation name is required/],
      [{ organisation: { ...org, url: 'javascript:alert(1)' }, verdicts }, /Organisation URL must be an http/],
      [{ organisation: { ...org, logoUrl: 'data:image/png;base64,xx' }, verdicts }, /Logo URL must be an http/],
      [{ organisation: org, verdicts: [{ ...verdicts[0], colour: 'red;}body{display:none' }] }, /hex colour/],
      [{ organisation: org, verdicts: [verdicts[0], { ...verdicts[1], key: verdicts[0].key }] }, /Two verdicts have the key \W+true/],
      [{ organisation: org, verdicts: [{ ...verdicts[0], key: 'Bad Key' }] }, /lowercase letters/],
      [{ organisation: org, verdicts: [] }, /at least one verdict/],
    ];
    for (const [input, message] of cases) {
      const error = await ctx.caller.settings.save(input as never).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(message)).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('BAD_REQUEST');
      expect((error as TRPCError).message).toMatch(message);
    }
    expect((await ctx.caller.settings.get()).organisation.name).toBe('');
  });
});

describe('publishing fields on annotations', () => {
  it('refuses a bad appearance URL or date and a long summary, and ignores a status sent with the fields', async () => {
    const { id } = await ctx.caller.article.import({ text: 'Claim desk\n\nThe river is cleaner than ever.' });
    const doc = articleDocFromJSON((await ctx.caller.article.byId({ id })).body);
    const anchor = { ...findQuote(doc, 'cleaner than ever')!, exact: 'cleaner than ever' };
    const base = { id: randomUUID(), articleId: id, anchor, verdict: 'true' };
    await expect(ctx.caller.annotation.create({ ...base, claimAppearanceUrl: 'javascript:alert(1)' })).rejects.toThrow(
      /Claim first appeared at must be an http/,
    );
    await expect(ctx.caller.annotation.create({ ...base, claimAppearanceDate: '2026-02-30' })).rejects.toThrow(/must be a date/);
    await expect(ctx.caller.annotation.create({ ...base, claimSummary: 'x'.repeat(76) })).rejects.toThrow(
      /Claim summary is longer than 75/,
    );
    // The status is not an input: whatever the client sends, a new annotation is a draft.
    const created = await ctx.caller.annotation.create({ ...base, status: 'approved', claimAuthor: '  ', claimAppearanceUrl: '' } as never);
    expect(created).toMatchObject({ status: 'draft', claimAuthor: null, claimAppearanceUrl: null, claimSummary: '' });
    const updated = await ctx.caller.annotation.update({
      id: created.id,
      expectedVersion: 1,
      verdict: 'true',
      rationale: 'changed',
      evidence: [],
      status: 'approved',
    } as never);
    expect(updated).toMatchObject({ status: 'draft', rationale: 'changed' });
  });
});
