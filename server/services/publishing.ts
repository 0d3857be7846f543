// Publishing as an act: an editor publishes an article whose readiness is
// green, which freezes a version (text, approved annotations, the desk's
// framing, people, dates) that readers open without signing in at
// /p/<slug>. Publishing again makes the next version with a note for readers;
// unpublishing leaves a tombstone that says why.
import 'server-only';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { publications, publishedVersions, type PublicationRow } from '@/db/schema';
import type { Actor } from '../domain/roles';
import type { ClaimReview } from '../export/claim-review';
import { correctionsUpTo } from '../export/corrections';
import { publicPageModel, renderTombstone, type PublicPageContext } from '../export/public-page';
import { defaultHeadline, type PublishedSnapshot } from '../export/snapshot';
import { invalidInput, notFound } from '../errors';
import { articleDetailsRow, requireLiveArticle } from './articles';
import { recordEvent } from './events';
import { articleExportData } from './export';
import { publicPageOffThread, snapshotOffThread } from '../workers/import-pool';
import type { SnapshotJob } from '../workers/render-jobs';
import { publicPath, siteBase } from './publishing-urls';
export { publicPath, reviewBaseFor, siteBase } from './publishing-urls';
import { publicationReadiness } from './readiness';
import { getOrganisation } from './settings';
import { WHOLE_ARTICLE, withTx } from './transaction';
import { jsonField, jsonText } from '@/db/json-sql';

export interface FramingInput {
  articleId: number;
  headline: string | null;
  conclusion: string;
  display: 'full' | 'excerpts';
  externalUrl: string | null;
  bylineType: 'Person' | 'Organization';
}

function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/^fact-check:\s*/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'check'
  );
}

async function uniqueSlug(db: DbOrTx, base: string, articleId: number): Promise<string> {
  const taken = async (slug: string) =>
    await db.select({ id: publications.articleId }).from(publications).where(eq(publications.slug, slug)).get();
  return (await taken(base)) ? `${base}-${articleId}` : base;
}

async function publicationRow(db: DbOrTx, articleId: number): Promise<PublicationRow | undefined> {
  return await db.select().from(publications).where(eq(publications.articleId, articleId)).get();
}

/** The row, made with a slug from the title when the article has none yet. */
async function ensurePublication(tx: DbOrTx, articleId: number): Promise<PublicationRow> {
  const existing = await publicationRow(tx, articleId);
  if (existing) return existing;
  const article = await articleDetailsRow(tx, articleId);
  return await tx
    .insert(publications)
    .values({ articleId, slug: await uniqueSlug(tx, slugify(article.title), articleId) })
    .returning()
    .get();
}

export interface PublicationStatus {
  slug: string | null;
  /** Absolute address of the public page, once there is a version. */
  publicUrl: string | null;
  headline: string;
  defaultHeadline: string;
  conclusion: string;
  display: 'full' | 'excerpts';
  externalUrl: string | null;
  bylineType: 'Person' | 'Organization';
  unpublishedAt: string | null;
  unpublishReason: string | null;
  versions: { number: number; createdAt: string; note: string; publishedBy: string; url: string }[];
}

export async function publicationStatus(db: DbOrTx, articleId: number, origin: string): Promise<PublicationStatus> {
  const article = await articleDetailsRow(db, articleId);
  const row = await publicationRow(db, articleId);
  const base = await siteBase(db, origin);
  const versions = row
    ? (
        await db
          .select({
            number: publishedVersions.number,
            createdAt: publishedVersions.createdAt,
            note: publishedVersions.note,
            publishedBy: publishedVersions.publishedByName,
          })
          .from(publishedVersions)
          .where(eq(publishedVersions.articleId, articleId))
          .orderBy(asc(publishedVersions.number))
          .all()
      ).map((v) => ({ ...v, url: `${base}${publicPath(row.slug, v.number)}` }))
    : [];
  return {
    slug: row?.slug ?? null,
    publicUrl: row && versions.length ? `${base}${publicPath(row.slug)}` : null,
    headline: row?.headline ?? '',
    defaultHeadline: defaultHeadline(article.title),
    conclusion: row?.conclusion ?? '',
    display: row?.display ?? 'full',
    externalUrl: row?.externalUrl ?? null,
    bylineType: row?.bylineType ?? 'Person',
    unpublishedAt: row?.unpublishedAt ?? null,
    unpublishReason: row?.unpublishReason ?? null,
    versions,
  };
}

/** Headline, conclusion, display and "Published at": the next version publishes them. */
export async function saveFraming(db: Db, actor: Actor, input: FramingInput, origin: string): Promise<PublicationStatus> {
  return withTx(db, async (tx) => {
    await requireLiveArticle(tx, input.articleId);
    const before = await ensurePublication(tx, input.articleId);
    const values = {
      headline: input.headline ?? '',
      conclusion: input.conclusion,
      display: input.display,
      externalUrl: input.externalUrl,
      bylineType: input.bylineType,
      updatedAt: new Date().toISOString(),
    };
    await tx.update(publications).set(values).where(eq(publications.articleId, input.articleId)).run();
    const { updatedAt: _u, ...after } = values;
    await recordEvent(tx, {
      type: 'article.framing_changed',
      actor,
      articleId: input.articleId,
      before: {
        headline: before.headline,
        conclusion: before.conclusion,
        display: before.display,
        externalUrl: before.externalUrl,
        bylineType: before.bylineType,
      },
      after,
    });
    return await publicationStatus(tx, input.articleId, origin);
  });
}

/** What a version's snapshot is made from, read in the transaction or before it. */
async function snapshotInput(db: DbOrTx, actor: Actor, articleId: number, row: PublicationRow | undefined, origin: string, now: Date) {
  const { data, plainText } = await articleExportData(db, articleId, { includeDrafts: false, exportUrl: origin, exportedAt: now });
  const job: Omit<SnapshotJob, 'kind'> = {
    data,
    plainText,
    framing: {
      headline: row?.headline.trim() || defaultHeadline(data.article.title),
      conclusion: row?.conclusion ?? '',
      display: row?.display ?? 'full',
      bylineType: row?.bylineType ?? 'Person',
      externalUrl: row?.externalUrl ?? null,
    },
    publishedBy: actor.name,
  };
  return job;
}

/** Whether two snapshot inputs would make the same snapshot (the document compared as text, the rest as JSON). */
const sameInput = (a: Omit<SnapshotJob, 'kind'>, b: Omit<SnapshotJob, 'kind'>) =>
  a.data.docJson === b.data.docJson &&
  a.plainText === b.plainText &&
  JSON.stringify({ ...a, data: { ...a.data, docJson: '' }, plainText: '' }) ===
    JSON.stringify({ ...b, data: { ...b.data, docJson: '' }, plainText: '' });

/**
 * Freezes the next version. Refused unless readiness is green; a version
 * after the first needs a note for readers. The snapshot (the document, the
 * approved notes, the framing) is made in the worker pool before the
 * transaction; the transaction reads its inputs again and uses it only if
 * nothing changed meanwhile (else it makes it again, still off this thread),
 * so the write lock is held for reads and two inserts, not for the render.
 */
export async function publishArticle(
  db: Db,
  actor: Actor,
  input: { articleId: number; note: string },
  origin: string,
): Promise<PublicationStatus> {
  const now = new Date();
  // Not worth rendering when publishing will be refused anyway; the transaction says why.
  const early = (await publicationReadiness(db, input.articleId, origin)).ready
    ? await snapshotInput(db, actor, input.articleId, await publicationRow(db, input.articleId), origin, now)
    : null;
  const made = early ? { input: early, json: await snapshotOffThread(early) } : null;
  return withTx(
    db,
    async (tx) => {
      const readiness = await publicationReadiness(tx, input.articleId, origin);
      if (!readiness.ready) {
        const first = readiness.blockers[0]?.message ?? 'annotations are not approved';
        const more = readiness.blockers.length + readiness.unlisted - 1;
        throw invalidInput(`Not ready to publish: ${first}${more > 0 ? ` (and ${more} more)` : ''}`, 'not_ready');
      }
      const row = await ensurePublication(tx, input.articleId);
      const last = await tx
        .select({ number: publishedVersions.number })
        .from(publishedVersions)
        .where(eq(publishedVersions.articleId, input.articleId))
        .orderBy(desc(publishedVersions.number))
        .get();
      const number = (last?.number ?? 0) + 1;
      const note = input.note.trim();
      if (number > 1 && !note)
        throw invalidInput('Say in one line what changed since the last version: readers see it under "Corrections and updates"');
      const current = await snapshotInput(tx, actor, input.articleId, row, origin, now);
      const snapshot = made && sameInput(made.input, current) ? made.json : await snapshotOffThread(current);
      await tx
        .insert(publishedVersions)
        .values({
          articleId: input.articleId,
          number,
          // Written as the JSON text the worker made: the column's JSON mode would serialise it again.
          snapshot: sql`${snapshot}`,
          note,
          publishedById: actor.id,
          publishedByName: actor.name,
          createdAt: now.toISOString(),
        })
        .run();
      await tx
        .update(publications)
        .set({ unpublishedAt: null, unpublishReason: null, updatedAt: now.toISOString() })
        .where(eq(publications.articleId, input.articleId))
        .run();
      await recordEvent(tx, {
        type: 'article.published',
        actor,
        articleId: input.articleId,
        after: { version: number, note, slug: row.slug },
      });
      return await publicationStatus(tx, input.articleId, origin);
      // The snapshot (the whole annotated article) is written off this thread.
    },
    WHOLE_ARTICLE,
  );
}

export async function unpublishArticle(
  db: Db,
  actor: Actor,
  input: { articleId: number; reason: string },
  origin: string,
): Promise<PublicationStatus> {
  return withTx(db, async (tx) => {
    const row = await publicationRow(tx, input.articleId);
    const any =
      row &&
      (await tx
        .select({ n: publishedVersions.number })
        .from(publishedVersions)
        .where(eq(publishedVersions.articleId, input.articleId))
        .get());
    if (!row || !any) throw notFound('This article has not been published');
    if (row.unpublishedAt) throw invalidInput('This fact-check is already unpublished');
    const now = new Date().toISOString();
    await tx
      .update(publications)
      .set({ unpublishedAt: now, unpublishReason: input.reason, updatedAt: now })
      .where(eq(publications.articleId, input.articleId))
      .run();
    await recordEvent(tx, {
      type: 'article.unpublished',
      actor,
      articleId: input.articleId,
      after: { reason: input.reason, slug: row.slug },
    });
    return await publicationStatus(tx, input.articleId, origin);
  });
}

// --- What readers get ---

interface VersionRow {
  number: number;
  note: string;
  createdAt: string;
  snapshot: PublishedSnapshot;
}

async function versionsOf(db: DbOrTx, articleId: number): Promise<VersionRow[]> {
  return (await db
    .select({
      number: publishedVersions.number,
      note: publishedVersions.note,
      createdAt: publishedVersions.createdAt,
      snapshot: publishedVersions.snapshot,
    })
    .from(publishedVersions)
    .where(eq(publishedVersions.articleId, articleId))
    .orderBy(asc(publishedVersions.number))
    .all()) as VersionRow[];
}

async function pageContext(
  db: DbOrTx,
  row: PublicationRow,
  versions: VersionRow[],
  version: VersionRow,
  base: string,
): Promise<PublicPageContext> {
  const organisation = await getOrganisation(db);
  const canonicalUrl = `${base}${publicPath(row.slug)}`;
  const latest = versions[versions.length - 1];
  return {
    snapshot: version.snapshot,
    version: version.number,
    latest: latest.number,
    canonicalUrl,
    reviewUrlBase: version.snapshot.framing.externalUrl ?? canonicalUrl,
    firstPublishedAt: versions[0].createdAt,
    versions: versions.map((v) => ({
      number: v.number,
      createdAt: v.createdAt,
      url: publicPath(row.slug, v.number === latest.number ? undefined : v.number),
    })),
    corrections: correctionsUpTo(versions, version.number),
    methodologyUrl: organisation.methodologyUrl,
    correctionsPolicyUrl: organisation.correctionsPolicyUrl,
  };
}

export type PublicPage = { status: 200 | 410; html: string } | null;

/** The page for a slug (its newest version, or `version`), a tombstone once unpublished, or null when there is none. */
export async function publicPage(db: DbOrTx, slug: string, version: number | null, origin: string): Promise<PublicPage> {
  const row = await db.select().from(publications).where(eq(publications.slug, slug)).get();
  if (!row) return null;
  // The snapshots as the JSON text stored (each holds the whole document): parsed in the worker that renders the page.
  const versions = await db
    .select({
      number: publishedVersions.number,
      note: publishedVersions.note,
      createdAt: publishedVersions.createdAt,
      snapshotJson: jsonText(publishedVersions.snapshot),
    })
    .from(publishedVersions)
    .where(eq(publishedVersions.articleId, row.articleId))
    .orderBy(asc(publishedVersions.number))
    .all();
  if (!versions.length) return null;
  const latest = versions[versions.length - 1];
  if (row.unpublishedAt) {
    // Two fields of the newest snapshot, read by the database without parsing the rest here.
    const { headline, organisation } = (await db
      .select({
        headline: jsonField(publishedVersions.snapshot, ['framing', 'headline']),
        organisation: jsonField(publishedVersions.snapshot, ['organisation', 'name']),
      })
      .from(publishedVersions)
      .where(and(eq(publishedVersions.articleId, row.articleId), eq(publishedVersions.number, latest.number)))
      .get())!;
    return {
      status: 410,
      html: renderTombstone({ headline, unpublishedAt: row.unpublishedAt, reason: row.unpublishReason ?? '', organisation }),
    };
  }
  const chosen = version === null ? latest : versions.find((v) => v.number === version);
  if (!chosen) return null;
  const organisation = await getOrganisation(db);
  const base = await siteBase(db, origin);
  const html = await publicPageOffThread({
    // Corrections are worked out from the versions up to the one shown.
    versions: versions.filter((v) => v.number <= chosen.number),
    version: chosen.number,
    context: {
      version: chosen.number,
      latest: latest.number,
      canonicalUrl: `${base}${publicPath(row.slug)}`,
      firstPublishedAt: versions[0].createdAt,
      versions: versions.map((v) => ({
        number: v.number,
        createdAt: v.createdAt,
        url: publicPath(row.slug, v.number === latest.number ? undefined : v.number),
      })),
      methodologyUrl: organisation.methodologyUrl,
      correctionsPolicyUrl: organisation.correctionsPolicyUrl,
    },
  });
  return { status: 200, html };
}

export interface FeedEntry {
  url: string;
  headline: string;
  conclusion: string;
  firstPublishedAt: string;
  updatedAt: string;
  claimReviews: ClaimReview[];
}

/** Every published check's current version, newest first: the feeds' content. */
export async function feedEntries(db: DbOrTx, origin: string): Promise<FeedEntry[]> {
  const base = await siteBase(db, origin);
  const rows = await db.select().from(publications).where(isNull(publications.unpublishedAt)).all();
  const entries: FeedEntry[] = [];
  for (const row of rows) {
    const versions = await versionsOf(db, row.articleId);
    if (!versions.length) continue;
    const ctx = await pageContext(db, row, versions, versions[versions.length - 1], base);
    entries.push({
      url: ctx.canonicalUrl,
      headline: ctx.snapshot.framing.headline,
      conclusion: ctx.snapshot.framing.conclusion,
      firstPublishedAt: ctx.firstPublishedAt,
      updatedAt: ctx.snapshot.publishedAt,
      claimReviews: publicPageModel(ctx).claimReviews,
    });
  }
  return entries.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
