// A published version as its public page (/p/<slug>, /p/<slug>/v/<n>), and the
// tombstone an unpublished check leaves. Built from the frozen snapshot with
// the export's own renderer, so the page and the download never disagree.
// Everything user-written is escaped here or in html.ts.
import { isHttpUrl } from '../domain/annotation.types';
import { articleDocFromJSON } from '../domain/article-schema';
import { LINK_REL } from './body';
import type { CorrectionEntry } from './corrections';
import { isoDay, longDate, parseDate } from './dates';
import { escapeAttr, escapeHtml } from './escape';
import { renderExportModel } from './html';
import { buildExportModel, type ExportModel } from './model';
import type { PublishedSnapshot } from './snapshot';
import { ColourSheet, stylesheet } from './style';

export interface PublicPageContext {
  snapshot: PublishedSnapshot;
  /** This page's version, and the newest one. */
  version: number;
  latest: number;
  /** Absolute address of the page's current version (/p/<slug>): canonical, Open Graph and, unless "Published at" is set, ClaimReview. */
  canonicalUrl: string;
  /** What ClaimReview `url`s are built on: the desk's own page when it set "Published at", else the canonical address. */
  reviewUrlBase: string;
  /** ISO timestamp of version 1. */
  firstPublishedAt: string;
  /** Every version, oldest first; `url` is a path on this site. */
  versions: { number: number; createdAt: string; url: string }[];
  corrections: CorrectionEntry[];
  methodologyUrl: string | null;
  correctionsPolicyUrl: string | null;
}

export function publicPageModel(ctx: PublicPageContext): ExportModel {
  const { snapshot } = ctx;
  const first = parseDate(ctx.firstPublishedAt);
  const current = parseDate(snapshot.publishedAt);
  return buildExportModel({
    article: snapshot.article,
    doc: articleDocFromJSON(snapshot.doc),
    annotations: snapshot.annotations,
    verdicts: snapshot.verdicts,
    organisation: snapshot.organisation,
    exportedAt: current ?? new Date(0),
    includeDrafts: false,
    reviewUrlBase: ctx.reviewUrlBase,
    bylineType: snapshot.framing.bylineType,
    reviewDates: first ? { published: isoDay(first), modified: ctx.version > 1 && current ? isoDay(current) : null } : undefined,
  });
}

export function renderPublicPage(ctx: PublicPageContext): string {
  const { snapshot } = ctx;
  const { framing } = snapshot;
  const model = publicPageModel(ctx);
  const description = framing.conclusion.trim() || summaryLine(model);
  const site = snapshot.organisation.name.trim();
  const meta = (attr: 'name' | 'property', key: string, value: string) =>
    value ? `<meta ${attr}="${key}" content="${escapeAttr(value)}">` : '';
  const head =
    `<meta name="description" content="${escapeAttr(description)}">` +
    `<link rel="canonical" href="${escapeAttr(ctx.canonicalUrl)}">` +
    meta('property', 'og:type', 'article') +
    meta('property', 'og:title', framing.headline) +
    meta('property', 'og:description', description) +
    meta('property', 'og:url', ctx.canonicalUrl) +
    meta('property', 'og:site_name', site) +
    meta('property', 'article:published_time', ctx.firstPublishedAt) +
    meta('property', 'article:modified_time', ctx.version > 1 ? snapshot.publishedAt : '') +
    meta('name', 'twitter:card', 'summary') +
    meta('name', 'twitter:title', framing.headline) +
    meta('name', 'twitter:description', description);
  const old = ctx.version < ctx.latest;
  const notice = old
    ? `<p class="version-notice" role="note">This is version ${ctx.version} of this fact-check, published ${dateHtml(snapshot.publishedAt)}. ` +
      `<a href="${escapeAttr(ctx.versions[ctx.versions.length - 1]?.url ?? ctx.canonicalUrl)}">Read the current version</a>.</p>`
    : '';
  return renderExportModel(model, {
    headline: framing.headline,
    conclusion: framing.conclusion,
    excerptsOnly: framing.display === 'excerpts',
    // Earlier versions stay readable, but only the current one describes the check to search engines.
    jsonLd: !old,
    head,
    afterHeader: notice + renderCorrections(ctx.corrections),
    footer: renderFooter(ctx),
  });
}

function summaryLine(model: ExportModel): string {
  if (!model.summary.length) return 'A fact-check of the article.';
  return `Verdicts: ${model.summary.map(({ verdict, count }) => `${verdict.label} ${count}`).join(', ')}.`;
}

function dateHtml(value: string): string {
  const date = parseDate(value);
  return date ? `<time datetime="${escapeAttr(isoDay(date))}">${escapeHtml(longDate(date))}</time>` : escapeHtml(value);
}

function renderCorrections(entries: readonly CorrectionEntry[]): string {
  if (!entries.length) return '';
  const items = entries
    .map((entry) => {
      const note = entry.note.trim() ? `<p><bdi>${escapeHtml(entry.note)}</bdi></p>` : '';
      const changes = entry.changes.length
        ? `<ul>${entry.changes.map((c) => `<li data-change="${c.kind}">${escapeHtml(c.text)}</li>`).join('')}</ul>`
        : '';
      return `<li data-version="${entry.version}"><p><strong>${dateHtml(entry.date)}</strong> (version ${entry.version})</p>${note}${changes}</li>`;
    })
    .join('');
  return `<section class="updates" aria-labelledby="updates-heading"><h2 id="updates-heading">Corrections and updates</h2><ol>${items}</ol></section>`;
}

function externalLink(url: string | null, text: string): string {
  return url && isHttpUrl(url) ? `<li><a href="${escapeAttr(new URL(url).href)}" rel="${LINK_REL}">${text}</a></li>` : '';
}

function renderFooter(ctx: PublicPageContext): string {
  const links =
    externalLink(ctx.methodologyUrl, 'How we check claims (methodology)') +
    externalLink(ctx.correctionsPolicyUrl, 'Our corrections policy');
  const versions =
    ctx.versions.length > 1
      ? '<h2 id="versions-heading">Versions</h2><ul>' +
        ctx.versions
          .map((v) =>
            v.number === ctx.version
              ? `<li aria-current="page">Version ${v.number}, ${dateHtml(v.createdAt)}</li>`
              : `<li><a href="${escapeAttr(v.url)}">Version ${v.number}, ${dateHtml(v.createdAt)}</a></li>`,
          )
          .join('') +
        '</ul>'
      : '';
  if (!links && !versions) return '';
  return `<footer class="public-footer">${links ? `<h2 id="about-heading">About this fact-check</h2><ul>${links}</ul>` : ''}${versions}</footer>`;
}

/** What is left at a public address once the desk unpublishes the check. */
export function renderTombstone({
  headline,
  unpublishedAt,
  reason,
  organisation,
}: {
  headline: string;
  unpublishedAt: string;
  reason: string;
  organisation: string;
}): string {
  const by = organisation.trim() ? ` by <bdi>${escapeHtml(organisation.trim())}</bdi>` : '';
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex">' +
    `<title>Unpublished fact-check</title><style>${stylesheet(new ColourSheet())}</style></head>` +
    '<body><main class="page"><article class="article tombstone"><h1 class="article-title">This fact-check was unpublished</h1>' +
    `<p>The fact-check “<bdi>${escapeHtml(headline)}</bdi>”${by} was unpublished on ${dateHtml(unpublishedAt)}.</p>` +
    `<h2>Why</h2><p><bdi>${escapeHtml(reason)}</bdi></p></article></main></body></html>`
  );
}
