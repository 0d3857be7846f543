// Renders a fact-check as one self-contained HTML5 file, readable from disk and
// on paper, in light and dark schemes. It runs nothing and loads nothing: the
// only <script> is the ClaimReview data block, which browsers never execute.
// Every piece of user text is escaped on its way out, and user strings that sit
// inside a line are isolated (<bdi>) so a direction override cannot reorder
// the text around them.
import { STATUS_LABELS } from '../domain/workflow';
import { isHttpUrl } from '../domain/annotation.types';
import type { Node as PMNode } from 'prosemirror-model';
import { Highlights, LINK_REL, renderBlockAt, renderBody, renderTextblock } from './body';
import { isoDay, longDate, parseDate, strictIsoDay } from './dates';
import { escapeAttr, escapeHtml, jsonForScript } from './escape';
import {
  buildExportModel,
  type ExportAnnotation,
  type ExportEvidence,
  type ExportInput,
  type ExportModel,
  type ExportNote,
  type VerdictCount,
} from './model';
import { ColourSheet, hexColour, stylesheet } from './style';

export function renderArticleExport(input: ExportInput): string {
  return renderExportModel(buildExportModel(input));
}

/**
 * How a public page differs from the download: the desk's headline and
 * conclusion come first, the page can show only the checked passages, and the
 * caller adds its own head tags (Open Graph), sections after the header
 * (corrections) and a footer (methodology, versions). The extra HTML is the
 * caller's, already escaped.
 */
export interface PageFraming {
  /** "Fact-check: …", plain text. */
  headline: string;
  /** The desk's conclusion, plain text; may be empty. */
  conclusion: string;
  excerptsOnly: boolean;
  /** Whether the ClaimReview data block is written (only on the current version of a page). */
  jsonLd: boolean;
  head: string;
  afterHeader: string;
  footer: string;
}

export function renderExportModel(model: ExportModel, framing?: PageFraming): string {
  const sheet = new ColourSheet();
  const highlights = new Highlights(model.notes, sheet);
  // The body is rendered first because it decides which colour classes the stylesheet needs.
  const text = framing?.excerptsOnly ? renderExcerpts(model.doc, highlights) : renderBody(model.doc, highlights);
  const body =
    '<body><main class="page"><article class="article">' +
    renderHeader(model, highlights, framing) +
    (framing?.afterHeader ?? '') +
    renderSummary(model, sheet) +
    (framing?.excerptsOnly ? '<h2 class="excerpts-heading">The checked passages</h2>' : '') +
    `<div class="article-body">${text}</div></article>` +
    renderNotes(model, sheet) +
    (framing?.footer ?? '') +
    '</main></body>';
  const title = framing ? cutTitle(framing.headline) : pageTitle(model);
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="color-scheme" content="light dark">' +
    `<title>${title}</title>${framing?.head ?? ''}<style>${stylesheet(sheet)}</style>${framing && !framing.jsonLd ? '' : renderJsonLd(model)}</head>` +
    `${body}</html>`
  );
}

/**
 * Only the top-level blocks a located note highlights, each whole (a claim with
 * its paragraph), with a marker where text was left out: for articles the desk
 * may quote but not republish.
 */
function renderExcerpts(doc: PMNode, highlights: Highlights): string {
  const ranges = [...highlights.byId.values()].map((note) => [note.annotation.from, note.annotation.to] as const);
  const omitted = '<p class="omitted"><span aria-hidden="true">[…]</span><span class="visually-hidden">Text left out</span></p>';
  let html = '';
  let skipped = false;
  doc.forEach((child, offset) => {
    if (offset === 0 && child.type.name === 'title') return;
    const end = offset + child.nodeSize;
    if (ranges.some(([from, to]) => from < end && to > offset)) {
      if (skipped && html) html += omitted;
      html += renderBlockAt(child, offset, highlights);
      skipped = false;
    } else skipped = true;
  });
  return html ? html + (skipped ? omitted : '') : '<p>No passage of the article is highlighted.</p>';
}

/**
 * Search results cut titles near here anyway, and the h1 keeps the whole title.
 * Measured on the escaped text in UTF-16 units, as html-validate's long-title
 * rule measures it, so a title full of `&` or emoji is cut a little sooner.
 */
const MAX_PAGE_TITLE = 70;

/** The <title> text, already escaped. */
function pageTitle({ article, doc }: ExportModel): string {
  return cutTitle(`Fact-check: ${article.title.trim() || doc.firstChild?.textContent.trim() || 'Untitled article'}`);
}

function cutTitle(title: string): string {
  if (escapeHtml(title).length <= MAX_PAGE_TITLE) return escapeHtml(title);
  let cut = '';
  for (const char of title) {
    const next = cut + escapeHtml(char);
    if (next.length >= MAX_PAGE_TITLE) break;
    cut = next;
  }
  return `${cut.trimEnd()}…`;
}

function renderJsonLd({ claimReviews }: ExportModel): string {
  if (!claimReviews.length) return '';
  return `<script type="application/ld+json">${jsonForScript(claimReviews)}</script>`;
}

// --- Header ---

function renderHeader(model: ExportModel, highlights: Highlights, framing?: PageFraming): string {
  const { article, doc } = model;
  const title = doc.firstChild;
  const articleTitle =
    title && title.type.name === 'title' && title.content.size > 0
      ? renderTextblock(title, 0, highlights)
      : escapeHtml(article.title.trim() || 'Untitled article');
  const meta: string[] = [];
  // On a public page the desk speaks first: its headline and conclusion; the checked article's title is named under them.
  if (framing) meta.push(`<p class="checked-article">The article checked: <cite>${articleTitle}</cite></p>`);
  if (article.sourceUrl) meta.push(`<p class="source">Source: ${urlLink(article.sourceUrl)}</p>`);
  const byline = article.byline?.trim();
  if (byline) meta.push(`<p class="byline">${/^by\s/i.test(byline) ? '' : 'By '}${isolate(byline)}</p>`);
  if (article.publishedAt) meta.push(`<p class="published">Published ${renderDate(article.publishedAt, longDate)}</p>`);
  const organisation = renderOrganisation(model);
  if (organisation) meta.push(`<p class="publisher">Fact-check by ${organisation}</p>`);
  if (model.reviewers.length) meta.push(`<p class="reviewers">Reviewed by ${model.reviewers.map(isolate).join(', ')}</p>`);
  meta.push(
    `<p class="checked">Checked ${renderDate(model.checkedAt, longDate)} · ${noteCount(model.notes)} · ${framing ? 'published' : 'exported'} ${renderDate(model.exportedAt, longDate)}</p>`,
  );
  if (framing) {
    const conclusion = framing.conclusion.trim()
      ? `<div class="conclusion"><h2 class="conclusion-heading">Our conclusion</h2>${paragraphs(framing.conclusion)}</div>`
      : '';
    return (
      `<header class="article-header"><h1 class="article-title headline">${isolate(framing.headline)}</h1>${conclusion}` +
      `<div class="meta">${meta.join('')}</div></header>`
    );
  }
  return (
    '<header class="article-header"><p class="kicker">Fact-check</p>' +
    `<h1 class="article-title">${articleTitle}</h1><div class="meta">${meta.join('')}</div></header>`
  );
}

function renderOrganisation({ organisation: { name, url } }: ExportModel): string {
  // The logo (organisation.logoUrl) is deliberately not shown: the page loads
  // no external resources. It is named in the ClaimReview data instead.
  const label = name.trim();
  if (!label) return '';
  return url && isHttpUrl(url) ? `<a href="${escapeAttr(new URL(url).href)}" rel="${LINK_REL}">${isolate(label)}</a>` : isolate(label);
}

function noteCount(notes: readonly ExportNote[]): string {
  const drafts = notes.filter((note) => note.draft).length;
  return `${plural(notes.length, 'note')}${drafts ? ` (${plural(drafts, 'draft')})` : ''}`;
}

// --- Verdict summary ---

function renderSummary({ summary, unlocated }: ExportModel, sheet: ColourSheet): string {
  let content = summary.length
    ? summaryBar(summary) + `<ul class="summary-list">${summary.map((entry) => summaryItem(entry, sheet)).join('')}</ul>`
    : '<p>No claims are highlighted in this fact-check.</p>';
  if (unlocated) {
    content += `<p>${unlocated === 1 ? '1 further note refers' : `${unlocated} further notes refer`} to text not found in this version of the article.</p>`;
  }
  return `<section class="summary" aria-labelledby="summary-heading"><h2 id="summary-heading">Verdict summary</h2>${content}</section>`;
}

function countText({ verdict, count, drafts }: VerdictCount): string {
  return `${verdict.label}: ${count}${drafts ? ` (${plural(drafts, 'draft')})` : ''}`;
}

function summaryItem(entry: VerdictCount, sheet: ColourSheet): string {
  const { verdict, count, drafts } = entry;
  return (
    `<li data-verdict="${escapeAttr(verdict.key)}" data-count="${count}">` +
    `<span class="verdict ${sheet.badgeClass(verdict.colour)}"><span class="verdict-icon" aria-hidden="true">${escapeHtml(verdict.icon)}</span> ` +
    `${isolate(verdict.label)}</span>: <span class="count">${count}</span>${drafts ? ` (${plural(drafts, 'draft')})` : ''}</li>`
  );
}

/**
 * One stacked bar, a segment per verdict as wide as its share. It repeats the
 * list next to it for sighted readers, so its text alternative is that list.
 */
function summaryBar(summary: readonly VerdictCount[]): string {
  const total = summary.reduce((sum, entry) => sum + entry.count, 0);
  const label = `Verdict summary: ${summary.map(countText).join(', ')}`;
  let x = 0;
  const rects = summary.map(({ verdict, count }) => {
    const width = (count / total) * 100;
    const rect = `<rect x="${round(x)}" y="0" width="${round(width)}" height="10" fill="${hexColour(verdict.colour)}"></rect>`;
    x += width;
    return rect;
  });
  return (
    `<svg class="summary-bar" role="img" aria-label="${escapeAttr(label)}" viewBox="0 0 100 10" preserveAspectRatio="none">` +
    `<title>${escapeHtml(label)}</title>${rects.join('')}</svg>`
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// --- Notes ---

function renderNotes({ notes }: ExportModel, sheet: ColourSheet): string {
  const items = notes.map((note) => renderNote(note, sheet)).join('');
  const list = items ? `<ol class="note-list">${items}</ol>` : '<p class="empty">This article has no fact-check notes.</p>';
  return `<section class="notes" aria-labelledby="notes-heading"><h2 id="notes-heading">Fact-check notes</h2>${list}</section>`;
}

function renderNote(note: ExportNote, sheet: ColourSheet): string {
  const { n, annotation: a, draft } = note;
  const status = draft ? ' data-status="draft"' : '';
  // Shown only with ?drafts=1: what is not approved says which step it is at.
  const draftBadge = draft ? `<span class="draft-badge">${escapeHtml(STATUS_LABELS[a.status] ?? 'Draft')}</span>` : '';
  const missing = note.end === null ? '<span class="not-found">(text not found in this version)</span>' : '';
  const rationale = a.rationale.trim() ? `<div class="rationale">${paragraphs(a.rationale)}</div>` : '';
  const evidence = a.evidence.length
    ? `<h3 class="evidence-heading">Evidence</h3><ul class="evidence">${a.evidence.map(renderEvidence).join('')}</ul>`
    : '';
  const back =
    note.end === null
      ? ''
      : `<span class="back"> · <a href="#ref-${n}" aria-label="${escapeAttr(`Back to text for note ${n}`)}">` +
        '<span aria-hidden="true">↩</span> back to text</a></span>';
  return (
    `<li id="note-${n}" class="note${draft ? ' note-draft' : ''}" data-annotation-id="${escapeAttr(a.id)}"${status}>` +
    `<p class="note-head"><span class="verdict ${sheet.badgeClass(a.verdict.colour)}" data-verdict="${escapeAttr(a.verdict.key)}">` +
    `<span class="verdict-icon" aria-hidden="true">${escapeHtml(a.verdict.icon)}</span> ${isolate(a.verdict.label)}</span>${draftBadge}${missing}</p>` +
    `<p class="claim">Claim: ${isolate(note.claimSummary)}</p>` +
    `<blockquote class="note-quote"><p>“<bdi>${lines(a.exact)}</bdi>”</p></blockquote>` +
    claimDetails(a) +
    rationale +
    evidence +
    `<p class="note-meta">Reviewed by <bdi class="author">${escapeHtml(a.authorName)}</bdi>` +
    (a.editedBy ? `, last edited by <bdi class="editor">${escapeHtml(a.editedBy)}</bdi>` : '') +
    ', ' +
    `${renderDate(a.updatedAt, isoDay)}${back}</p></li>`
  );
}

/** Who made the claim and where it first appeared, when the checker recorded them. */
function claimDetails(a: ExportAnnotation): string {
  const rows: string[] = [];
  const author = a.claimAuthor?.trim();
  if (author) rows.push(detail('Claim made by', isolate(author)));
  const url = a.claimAppearanceUrl?.trim();
  const date = a.claimAppearanceDate?.trim();
  if (url || date) {
    const day = date && strictIsoDay(date);
    const when = day ? `<time datetime="${day}">${escapeHtml(longDate(new Date(day)))}</time>` : date ? escapeHtml(date) : '';
    rows.push(detail(url ? 'Claim first appeared at' : 'Claim first appeared', [url ? urlLink(url) : '', when].filter(Boolean).join(', ')));
  }
  return rows.length ? `<dl class="claim-meta">${rows.join('')}</dl>` : '';
}

function detail(term: string, value: string): string {
  return `<div><dt>${term}</dt><dd>${value}</dd></div>`;
}

function renderEvidence({ url, title, excerpt }: ExportEvidence): string {
  const name = title.trim();
  const quote = excerpt?.trim() ? `<blockquote><p>${lines(excerpt)}</p></blockquote>` : '';
  if (!name) return `<li>${urlLink(url)}${quote}</li>`;
  // The address is shown as text too, so readers see where a link goes before following it.
  const shownUrl = `<span class="evidence-url">${escapeHtml(url)}</span>`;
  // Only http(s) becomes a link; anything else is shown, never followed.
  const source = isHttpUrl(url)
    ? `<a href="${escapeAttr(new URL(url).href)}" class="shows-url" rel="${LINK_REL}">${isolate(name)}</a>`
    : `<span class="evidence-unlinked">${isolate(name)}</span>`;
  return `<li>${source} ${shownUrl}${quote}</li>`;
}

/** A URL as its own link text when it is http(s), else as plain text; `shows-url` keeps print from repeating it. */
function urlLink(url: string): string {
  return isHttpUrl(url)
    ? `<a href="${escapeAttr(new URL(url).href)}" class="shows-url" rel="${LINK_REL}">${escapeHtml(url)}</a>`
    : `<span class="evidence-unlinked">${escapeHtml(url)}</span>`;
}

// --- Text helpers ---

function isolate(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

/** Paragraphs at blank lines, line breaks kept inside them. */
function paragraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${lines(p)}</p>`)
    .join('');
}

function lines(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map(escapeHtml).join('<br>');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A <time> element, or the value as plain text when it is not a date. */
function renderDate(value: string | Date, format: (date: Date) => string): string {
  const date = parseDate(value);
  if (!date) return escapeHtml(String(value));
  return `<time datetime="${escapeAttr(isoDay(date))}">${escapeHtml(format(date))}</time>`;
}
