// Publishing as an act: versions readers open without signing in, corrections
// computed from the snapshots, unpublishing with a tombstone, and the feeds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { correctionsUpTo } from '@/server/export/corrections';
import { feedEntries, publicPage } from '@/server/services/publishing';
import { freshCaller, signOff, sqlRun } from './helpers';
import { annotate, CLAIM, expectRefusal, RIVER, RIVER_REVISED, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

const ORIGIN = 'http://localhost:3000';
const PUBLIC = 'https://checks.example.org';

async function readyArticle() {
  const settings = await ctx.caller.settings.get();
  await ctx.caller.settings.save({
    organisation: {
      name: 'River Desk',
      url: 'https://riverdesk.example',
      logoUrl: null,
      allowSelfApproval: false,
      publicUrl: PUBLIC,
      methodologyUrl: 'https://riverdesk.example/method',
      correctionsPolicyUrl: 'https://riverdesk.example/corrections',
    },
    verdicts: settings.verdicts,
  });
  const { id: articleId } = await ctx.caller.article.import({
    text: RIVER,
    sourceUrl: 'https://news.example/river',
    byline: 'Jo Reporter',
    publishedAt: '2026-01-06',
  });
  const fish = await annotate(ctx, 'reviewer', articleId, CLAIM.fish, { claimSummary: 'Fish are back everywhere' });
  const survey = await annotate(ctx, 'reviewer', articleId, CLAIM.survey, { verdict: 'true' });
  for (const a of [fish, survey]) await signOff(ctx.as, a.id, 'reviewer');
  return { articleId, fish, survey };
}

const page = async (slug: string, version: number | null = null) => await publicPage(ctx.db, slug, version, ORIGIN);

describe('publishing', () => {
  it('is for editors, and only when readiness is green', async () => {
    const { articleId } = await readyArticle();
    await expectRefusal(ctx.as('reviewer').publish.publish({ articleId }), 'FORBIDDEN', /editor/i);
    const draft = await annotate(ctx, 'reviewer', articleId, CLAIM.residents);
    await expectRefusal(ctx.as('editor').publish.publish({ articleId }), 'BAD_REQUEST', /Not ready to publish: .*Draft, not approved/);
    await ctx.as('reviewer').annotation.delete({ id: draft.id });
    const status = await ctx.as('editor').publish.publish({ articleId });
    expect(status.versions.map((v) => v.number)).toEqual([1]);
    expect(status.publicUrl).toBe(`${PUBLIC}/p/mayor-claims-the-river-is-clean`);
    expect((await ctx.as('viewer').publish.status({ articleId })).publicUrl).toBe(status.publicUrl);
  });

  it('serves an immutable snapshot: the desk’s headline and conclusion first, approved notes, ClaimReviews on the public address', async () => {
    const { articleId, fish } = await readyArticle();
    await ctx.as('editor').publish.saveFraming({
      articleId,
      headline: 'Fact-check: Are the fish really back?',
      conclusion: 'Mostly not: the survey found fish in two of nine stretches.',
    });
    const { slug } = await ctx.as('editor').publish.publish({ articleId });
    const first = (await page(slug!))!;
    expect(first.status).toBe(200);
    const h1 = first.html.indexOf('<h1');
    expect(first.html.slice(h1, h1 + 200)).toContain('Fact-check: Are the fish really back?');
    expect(first.html.indexOf('Mostly not: the survey')).toBeLessThan(first.html.indexOf('Verdict summary'));
    expect(first.html).toContain('<meta property="og:title" content="Fact-check: Are the fish really back?">');
    expect(first.html).toContain('<meta property="og:description" content="Mostly not: the survey found fish in two of nine stretches.">');
    expect(first.html).toContain('https://riverdesk.example/method');
    const reviews = JSON.parse(first.html.match(/<script type="application\/ld\+json">(.*?)<\/script>/)![1]);
    expect(reviews[0].url).toBe(`${PUBLIC}/p/${slug}#note-1`);
    expect(reviews[0].itemReviewed).toMatchObject({
      author: { '@type': 'Person', name: 'Jo Reporter' },
      appearance: { url: 'https://news.example/river' },
      datePublished: '2026-01-06',
    });
    expect(reviews[0].dateModified).toBeUndefined();

    // Later edits do not change what was published.
    const current = (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === fish.id)!;
    await ctx.as('reviewer').annotation.update({
      id: fish.id,
      expectedVersion: current.version,
      verdict: 'true',
      rationale: 'Changed later.',
      evidence: current.evidence,
    });
    await ctx.caller.article.update({ articleId, text: RIVER_REVISED });
    expect((await page(slug!))!.html).toBe(first.html);
  });

  it('numbers versions, asks for a note, lists corrections with their dates and keeps earlier versions readable', async () => {
    const { articleId, fish } = await readyArticle();
    const { slug } = await ctx.as('editor').publish.publish({ articleId });
    const before = (await page(slug!))!.html;
    // A verdict changes: a new annotation version, sent back through review.
    const current = (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === fish.id)!;
    await ctx.as('reviewer').annotation.update({
      id: fish.id,
      expectedVersion: current.version,
      verdict: 'mostly-false',
      rationale: current.rationale,
      evidence: current.evidence,
    });
    await signOff(ctx.as, fish.id, 'reviewer');
    await expectRefusal(ctx.as('editor').publish.publish({ articleId }), 'BAD_REQUEST', /what changed/);
    const status = await ctx.as('editor').publish.publish({ articleId, note: 'We corrected the verdict on the fish claim.' });
    expect(status.versions.map((v) => [v.number, v.note])).toEqual([
      [1, ''],
      [2, 'We corrected the verdict on the fish claim.'],
    ]);
    const latest = (await page(slug!))!.html;
    expect(latest).toContain('Corrections and updates');
    expect(latest).toContain('We corrected the verdict on the fish claim.');
    expect(latest).toMatch(/Verdict changed from False to Mostly false: “fish have returned to every stretch of the river”/);
    const reviews = JSON.parse(latest.match(/<script type="application\/ld\+json">(.*?)<\/script>/)![1]);
    expect(reviews[0].dateModified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Version 1 is still there, as it was (apart from the pointer to the current one), and describes no ClaimReview.
    const old = (await page(slug!, 1))!.html;
    expect(old).toContain('This is version 1 of this fact-check');
    expect(old).not.toContain('application/ld+json');
    expect(old).not.toContain('Mostly false');
    expect(before).not.toContain('Corrections and updates');
    expect(await page(slug!, 3)).toBeNull();
  });

  it('computes claims added and withdrawn and corrected text from the snapshots', () => {
    const snap = (ids: [string, string][], plainText: string) =>
      ({
        annotations: ids.map(([id, verdict]) => ({
          id,
          exact: `quote ${id}`,
          claimSummary: '',
          rationale: '',
          evidence: [],
          verdict: { key: verdict, label: verdict },
        })),
        plainText,
        framing: { conclusion: '' },
      }) as never;
    const entries = correctionsUpTo(
      [
        {
          number: 1,
          note: '',
          createdAt: '2026-01-01T00:00:00Z',
          snapshot: snap(
            [
              ['a', 'true'],
              ['b', 'false'],
            ],
            'x',
          ),
        },
        {
          number: 2,
          note: 'Updated.',
          createdAt: '2026-01-02T00:00:00Z',
          snapshot: snap(
            [
              ['a', 'true'],
              ['c', 'false'],
            ],
            'y',
          ),
        },
      ],
      2,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].changes.map((c) => c.kind)).toEqual(['claim_added', 'claim_withdrawn', 'text_corrected']);
  });

  it('points ClaimReviews at the desk’s own page when "Published at" is set', async () => {
    const { articleId } = await readyArticle();
    await ctx.as('editor').publish.saveFraming({ articleId, externalUrl: 'https://riverdesk.example/checks/river', display: 'excerpts' });
    const { slug } = await ctx.as('editor').publish.publish({ articleId });
    const html = (await page(slug!))!.html;
    expect(JSON.parse(html.match(/<script type="application\/ld\+json">(.*?)<\/script>/)![1])[0].url).toBe(
      'https://riverdesk.example/checks/river#note-1',
    );
    // Only the checked passages: the paragraph nobody checked is left out.
    expect(html).not.toContain('Residents remain sceptical');
    expect(html).toContain('fish have returned');
    await expectRefusal(
      ctx.as('editor').publish.saveFraming({ articleId, externalUrl: 'javascript:alert(1)' }),
      'BAD_REQUEST',
      /Published at/,
    );
  });

  it('unpublishes with a reason, leaving a tombstone, and drops the check from the feeds', async () => {
    const { articleId } = await readyArticle();
    const { slug } = await ctx.as('editor').publish.publish({ articleId });
    expect((await feedEntries(ctx.db, ORIGIN)).map((e) => e.url)).toEqual([`${PUBLIC}/p/${slug}`]);
    expect((await feedEntries(ctx.db, ORIGIN))[0].claimReviews).toHaveLength(2);
    await expectRefusal(ctx.as('reviewer').publish.unpublish({ articleId, reason: 'x' }), 'FORBIDDEN', /editor/i);
    await expectRefusal(ctx.as('editor').publish.unpublish({ articleId, reason: ' ' }), 'BAD_REQUEST', /why/);
    await ctx.as('editor').publish.unpublish({ articleId, reason: 'The <b>source</b> retracted the article.' });
    const tomb = (await page(slug!))!;
    expect(tomb.status).toBe(410);
    expect(tomb.html).toContain('This fact-check was unpublished');
    expect(tomb.html).toContain('The &lt;b&gt;source&lt;/b&gt; retracted the article.');
    expect(await feedEntries(ctx.db, ORIGIN)).toEqual([]);
    const history = await ctx.caller.article.history({ id: articleId });
    expect(JSON.stringify(history)).toMatch(/unpublished the fact-check/);
  });

  it('refuses to change a published version in the database', async () => {
    const { articleId } = await readyArticle();
    await ctx.as('editor').publish.publish({ articleId });
    await expect(sqlRun(ctx.db, "UPDATE published_versions SET note = 'x'")).rejects.toThrow(/cannot be changed/);
  });
});

describe('the public page’s HTML', () => {
  it('passes html-validate (recommended preset) with corrections, versions, links and hostile framing', async () => {
    const { HtmlValidate } = await import('html-validate');
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const { articleId, fish } = await readyArticle();
    const hostile = '"><script>alert(1)</script>\u202Egnp.exe';
    await ctx.as('editor').publish.saveFraming({ articleId, headline: `Fact-check: ${hostile}`, conclusion: hostile, display: 'excerpts' });
    const { slug } = await ctx.as('editor').publish.publish({ articleId });
    const current = (await ctx.caller.annotation.list({ articleId })).find((a) => a.id === fish.id)!;
    await ctx
      .as('reviewer')
      .annotation.update({ id: fish.id, expectedVersion: current.version, verdict: 'true', rationale: 'New.', evidence: current.evidence });
    await signOff(ctx.as, fish.id, 'reviewer');
    await ctx.as('editor').publish.publish({ articleId, note: hostile });
    for (const version of [null, 1]) {
      const { html } = (await page(slug!, version))!;
      expect(html).not.toContain('<script>alert(1)');
      const errors = validator
        .validateStringSync(html)
        .results.flatMap((r) => r.messages)
        .filter((m) => m.severity === 2)
        .map((m) => `${m.ruleId}: ${m.message}`);
      expect(errors, `version ${version ?? 'current'}`).toEqual([]);
    }
    await ctx.as('editor').publish.unpublish({ articleId, reason: hostile });
    const tomb = (await page(slug!))!.html;
    expect(
      validator
        .validateStringSync(tomb)
        .results.flatMap((r) => r.messages)
        .filter((m) => m.severity === 2)
        .map((m) => `${m.ruleId}: ${m.message}`),
    ).toEqual([]);
  });
});
