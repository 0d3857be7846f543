// Rendering a whole article runs in the worker pool (server/workers/render-jobs.ts),
// off the thread that answers requests: the export (HTML and JSON), the public
// page, the snapshot "Publish" freezes, a revision's placements. Each must be
// exactly what the same code made on the request thread before, which these
// tests rebuild from the database the old way (the document parsed from the
// stored row on this thread) and compare, byte for byte where it is text.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annotations, publications, publishedVersions } from '@/db/schema';
import { correctionsUpTo } from '@/server/export/corrections';
import { renderExportModel } from '@/server/export/html';
import { buildExportModel, exportModelToJson } from '@/server/export/model';
import { renderPublicPage } from '@/server/export/public-page';
import type { PublishedSnapshot } from '@/server/export/snapshot';
import { loadArticle } from '@/server/services/articles';
import { articleExportData, exportArticleHtml, exportArticleJson } from '@/server/services/export';
import { publicPage } from '@/server/services/publishing';
import { fromText } from '@/server/services/article-sources';
import { addRevision, addRevisionOffThread } from '@/server/services/revisions';
import { getOrganisation } from '@/server/services/settings';
import { closeImportPool, poolJobsDone } from '@/server/workers/import-pool';
import { WORKER_NICE } from '@/server/workers/priority';
import { PEOPLE, freshCaller, signOff } from './helpers';
import { annotate, CLAIM, importRiver, RIVER, RIVER_REVISED, type TestDesk } from './river-desk';

let ctx: TestDesk;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());
afterAll(() => closeImportPool());

const ORIGIN = 'http://localhost:3000';
const PUBLIC = 'https://checks.example.org';
const AT = new Date('2026-03-04T05:06:07.089Z');

/** The river article with an approved note, a draft, an orphan-to-be and a note on a link-free quote. */
async function annotated() {
  const articleId = await importRiver(ctx);
  const fish = await annotate(ctx, 'reviewer', articleId, CLAIM.fish, { claimSummary: 'Fish <are> back & "everywhere"' });
  await signOff(ctx.as, fish.id, 'reviewer');
  await annotate(ctx, 'reviewer', articleId, CLAIM.nitrate, { verdict: 'true' });
  await annotate(ctx, 'reviewer', articleId, CLAIM.survey, { verdict: 'mixed' });
  return articleId;
}

/** The export as the request thread made it before: the document parsed from the row here. */
async function exportedInline(articleId: number, includeDrafts: boolean) {
  const { data } = await articleExportData(ctx.db, articleId, { includeDrafts, exportUrl: `${ORIGIN}/x`, exportedAt: AT });
  const { docJson: _text, exportedAt: _at, ...rest } = data;
  return buildExportModel({ ...rest, doc: (await loadArticle(ctx.db, articleId)).doc, exportedAt: AT });
}

describe('rendering in the worker pool', () => {
  it('makes the same export, HTML byte for byte and JSON field for field, in a worker', async () => {
    const articleId = await annotated();
    for (const includeDrafts of [false, true]) {
      const options = { includeDrafts, exportUrl: `${ORIGIN}/x`, exportedAt: AT };
      const before = poolJobsDone();
      const { html } = await exportArticleHtml(ctx.db, articleId, options);
      expect(poolJobsDone()).toBe(before + 1);
      expect(html).toBe(renderExportModel(await exportedInline(articleId, includeDrafts)));
      expect(html).toContain('Fish &lt;are&gt; back &amp; &quot;everywhere&quot;');
      expect(await exportArticleJson(ctx.db, articleId, options)).toEqual(
        exportModelToJson(await exportedInline(articleId, includeDrafts)),
      );
    }
  });

  it('freezes the snapshot the publish transaction made, and serves the public page it rendered', async () => {
    const settings = await ctx.caller.settings.get();
    await ctx.caller.settings.save({
      organisation: {
        ...settings.organisation,
        name: 'River Desk',
        url: 'https://riverdesk.example',
        allowSelfApproval: false,
        publicUrl: PUBLIC,
      },
      verdicts: settings.verdicts,
    });
    const { id: articleId } = await ctx.caller.article.import({
      text: RIVER,
      sourceUrl: 'https://news.example/river',
      byline: 'Jo Reporter',
      publishedAt: '2026-01-06',
    });
    const fish = await annotate(ctx, 'reviewer', articleId, CLAIM.fish);
    const survey = await annotate(ctx, 'reviewer', articleId, CLAIM.survey, { verdict: 'true' });
    for (const a of [fish, survey]) await signOff(ctx.as, a.id, 'reviewer');
    await ctx.as('editor').publish.publish({ articleId });
    const rows = await ctx.db.select().from(publishedVersions).where(eq(publishedVersions.articleId, articleId)).all();
    const snapshot = rows[0].snapshot as PublishedSnapshot;
    // What the transaction used to freeze: the document parsed here and written again, the approved notes.
    expect(snapshot.doc).toEqual((await loadArticle(ctx.db, articleId)).doc.toJSON());
    expect(snapshot.annotations).toEqual((await exportedInline(articleId, false)).notes.map((n) => n.annotation));
    expect(snapshot.annotations.map((a) => a.id)).toEqual([fish.id, survey.id]);
    expect(snapshot.format).toBe(1);

    const { slug } = (await ctx.db.select().from(publications).where(eq(publications.articleId, articleId)).get())!;
    const served = await publicPage(ctx.db, slug, null, ORIGIN);
    const organisation = await getOrganisation(ctx.db);
    const versions = rows.map((r) => ({
      number: r.number,
      note: r.note,
      createdAt: r.createdAt,
      snapshot: r.snapshot as PublishedSnapshot,
    }));
    const canonicalUrl = `${PUBLIC}/p/${slug}`;
    expect(served).toEqual({
      status: 200,
      html: renderPublicPage({
        snapshot,
        version: 1,
        latest: 1,
        canonicalUrl,
        reviewUrlBase: canonicalUrl,
        firstPublishedAt: rows[0].createdAt,
        versions: [{ number: 1, createdAt: rows[0].createdAt, url: `/p/${slug}` }],
        corrections: correctionsUpTo(versions, 1),
        methodologyUrl: organisation.methodologyUrl,
        correctionsPolicyUrl: organisation.correctionsPolicyUrl,
      }),
    });
  });

  it('writes the same anchors for a revision placed in a worker as placed on this thread', async () => {
    const place = async (articleId: number) =>
      (await ctx.db.select().from(annotations).where(eq(annotations.articleId, articleId)).all())
        .map(({ id: _i, articleId: _a, createdAt: _c, updatedAt: _u, ...columns }) => columns)
        .sort((a, b) => a.exact.localeCompare(b.exact));
    const made = [];
    for (let i = 0; i < 2; i++) {
      const articleId = await importRiver(ctx);
      for (const claim of [CLAIM.fish, CLAIM.nitrate, CLAIM.plant, CLAIM.residents, CLAIM.survey])
        await annotate(ctx, 'reviewer', articleId, claim);
      made.push(articleId);
    }
    const pooled = await addRevisionOffThread(ctx.db, PEOPLE.admin, made[0], await fromText({ text: RIVER_REVISED }));
    const inline = await addRevision(ctx.db, PEOPLE.admin, made[1], await fromText({ text: RIVER_REVISED }));
    expect(pooled.anchors).toEqual({ exact: 1, moved: 2, fuzzy: 1, orphaned: 1 });
    expect(pooled.anchors).toEqual(inline.anchors);
    expect(await place(made[0])).toEqual(await place(made[1]));
  });
});

/** The nice value of each of this process's threads (Linux /proc), by thread id. */
function threadNice(): Map<string, number> {
  const nice = new Map<string, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: state (3rd) … nice (19th).
    nice.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nice;
}

describe.runIf(fs.existsSync('/proc/self/task'))('the pool’s threads', () => {
  it('run at a lower priority than the thread that answers requests', async () => {
    const articleId = await importRiver(ctx);
    await exportArticleHtml(ctx.db, articleId, { includeDrafts: true, exportUrl: `${ORIGIN}/x` });
    const nice = threadNice();
    // This thread (the process's first, whose id is the pid) keeps its priority; the pool's threads run at WORKER_NICE.
    expect(nice.get(String(process.pid))).toBe(0);
    expect([...nice.values()].filter((n) => n === WORKER_NICE).length).toBeGreaterThanOrEqual(1);
  });
});
