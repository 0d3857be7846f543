// Renders an article and its fact-check annotations as one self-contained HTML5
// file: no scripts, no external resources, readable from disk and on paper.
// It walks the ProseMirror document itself instead of using a DOM, so it runs
// on the server without one, and it escapes every piece of user text it writes.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { headingLevel, isSafeLinkHref } from '../domain/article-schema';
import { isHttpUrl } from '../domain/annotation.types';
import { textBetween } from '../domain/plain-text';
import { compareRanges, segmentRanges, type Segment } from '../domain/segments';
import { safeColour } from '../domain/verdicts';
import { escapeAttr, escapeHtml } from './escape';

export interface ExportVerdict { key: string; label: string; colour: string; icon: string }
export interface ExportEvidence { url: string; title: string; excerpt: string | null }
export interface ExportAnnotation {
  id: string;
  from: number;
  to: number;
  exact: string;
  verdict: ExportVerdict;
  rationale: string;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  evidence: ExportEvidence[];
}
export interface ExportArticle { title: string; sourceUrl: string | null; byline: string | null; publishedAt: string | null }

export interface ExportInput {
  article: ExportArticle;
  doc: PMNode;
  annotations: ExportAnnotation[];
  exportedAt: Date;
}

const LINK_REL = 'noopener noreferrer nofollow';

interface Note {
  n: number;
  annotation: ExportAnnotation;
  /** `#rrggbb`, already checked, so it can go into CSS. */
  colour: string;
  /** End of the last inline content the note highlights; null when it highlights nothing. */
  end: number | null;
}

interface Notes {
  list: Note[];
  byId: Map<string, Note>;
  segments: Segment[];
}

export function renderArticleExport({ article, doc, annotations, exportedAt }: ExportInput): string {
  const notes = collectNotes(doc, annotations);
  const pageTitle = article.title.trim() || doc.firstChild?.textContent.trim() || 'Untitled article';
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(`Fact-check: ${pageTitle}`)}</title><style>${STYLE}</style></head>` +
    '<body><main class="page"><article class="article">' +
    renderHeader(article, doc, notes, exportedAt) +
    `<div class="article-body">${renderBody(doc, notes)}</div></article>` +
    renderNotes(notes) +
    '</main></body></html>'
  );
}

// --- Notes: numbering and which ones can be highlighted ---

function collectNotes(doc: PMNode, annotations: readonly ExportAnnotation[]): Notes {
  const list = [...annotations]
    .sort(compareRanges)
    .map((annotation, i): Note => ({
      n: i + 1,
      annotation,
      colour: hexColour(annotation.verdict.colour),
      end: highlightEnd(doc, annotation),
    }));
  const byId = new Map(list.map((note) => [note.annotation.id, note]));
  const highlighted = list.filter((note) => note.end !== null).map(({ annotation: { id, from, to } }) => ({ id, from, to }));
  return { list, byId, segments: segmentRanges(highlighted) };
}

function highlightEnd(doc: PMNode, { from, to, exact }: ExportAnnotation): number | null {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > doc.content.size || from >= to) return null;
  // Stale positions would highlight the wrong words, which is worse than none:
  // the note is still listed, flagged as not found.
  if (textBetween(doc, from, to) !== exact) return null;
  let end: number | null = null;
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isInline) end = Math.min(pos + node.nodeSize, to);
  });
  return end;
}

/** A `#rrggbb` colour, so that an alpha suffix can be appended for tints. */
function hexColour(colour: string): string {
  const hex = safeColour(colour).toLowerCase();
  return hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex;
}

// --- Header ---

function renderHeader(article: ExportArticle, doc: PMNode, notes: Notes, exportedAt: Date): string {
  const title = doc.firstChild;
  const heading =
    title && title.type.name === 'title' && title.content.size > 0
      ? renderTextblock(title, 0, notes)
      : escapeHtml(article.title.trim() || 'Untitled article');
  const meta: string[] = [];
  if (article.sourceUrl) {
    const source = isHttpUrl(article.sourceUrl)
      ? `<a href="${escapeAttr(new URL(article.sourceUrl).href)}" rel="${LINK_REL}">${escapeHtml(article.sourceUrl)}</a>`
      : escapeHtml(article.sourceUrl);
    meta.push(`<p class="source">Source: ${source}</p>`);
  }
  const byline = article.byline?.trim();
  if (byline) meta.push(`<p class="byline">${escapeHtml(/^by\s/i.test(byline) ? byline : `By ${byline}`)}</p>`);
  if (article.publishedAt) meta.push(`<p class="published">Published ${renderDate(article.publishedAt, longDate)}</p>`);
  const count = notes.list.length;
  meta.push(
    `<p class="exported">Fact-check exported ${renderDate(exportedAt, longDate)} · ${count} ${count === 1 ? 'note' : 'notes'}</p>`,
  );
  return (
    '<header class="article-header"><p class="kicker">Fact-check</p>' +
    `<h1 class="article-title">${heading}</h1><div class="meta">${meta.join('')}</div></header>`
  );
}

// --- Article body ---

function renderBody(doc: PMNode, notes: Notes): string {
  let html = '';
  doc.forEach((child, offset) => {
    // The title node is the header's h1.
    if (offset > 0 || child.type.name !== 'title') html += renderBlock(child, offset, notes);
  });
  return html;
}

/** `pos` is the position just before `node`, as `doc.descendants` reports it. */
function renderBlock(node: PMNode, pos: number, notes: Notes): string {
  switch (node.type.name) {
    case 'paragraph':
      return `<p>${renderTextblock(node, pos, notes)}</p>`;
    case 'title':
      return `<p class="title-text">${renderTextblock(node, pos, notes)}</p>`;
    case 'heading': {
      const tag = `h${headingLevel(node)}`;
      return `<${tag}>${renderTextblock(node, pos, notes)}</${tag}>`;
    }
    case 'blockquote':
      return `<blockquote>${renderChildren(node, pos, notes)}</blockquote>`;
    case 'bullet_list':
      return `<ul>${renderChildren(node, pos, notes)}</ul>`;
    case 'ordered_list': {
      const order = Number(node.attrs.order);
      const start = Number.isInteger(order) && order !== 1 ? ` start="${order}"` : '';
      return `<ol${start}>${renderChildren(node, pos, notes)}</ol>`;
    }
    case 'list_item':
      return `<li>${renderChildren(node, pos, notes)}</li>`;
    default:
      // Unknown to this exporter (a newer schema): keep the text rather than lose it.
      return node.isTextblock ? `<p>${renderTextblock(node, pos, notes)}</p>` : `<div>${renderChildren(node, pos, notes)}</div>`;
  }
}

function renderChildren(node: PMNode, pos: number, notes: Notes): string {
  let html = '';
  node.forEach((child, offset) => (html += renderBlock(child, pos + 1 + offset, notes)));
  return html;
}

// --- Inline content: split into pieces, one per text run and annotation set ---

interface Piece {
  node: PMNode;
  /** Null for a leaf such as a hard break. */
  text: string | null;
  end: number;
  ids: readonly string[];
}

function renderTextblock(block: PMNode, pos: number, notes: Notes): string {
  let html = '';
  for (const group of groupByIds(inlinePieces(block, pos + 1, notes.segments))) {
    const inner = renderFormatted(group);
    const ids = group[0].ids;
    if (ids.length === 0) {
      html += inner;
      continue;
    }
    const covering = ids.map((id) => notes.byId.get(id)!);
    const end = group[group.length - 1].end;
    html += `${openMark(covering)}${inner}</mark>`;
    html += covering.filter((note) => note.end === end).sort((a, b) => a.n - b.n).map(noteRef).join('');
  }
  return html;
}

function inlinePieces(block: PMNode, start: number, segments: readonly Segment[]): Piece[] {
  const local = segments.filter((s) => s.to > start && s.from < start + block.content.size);
  const pieces: Piece[] = [];
  block.forEach((node, offset) => {
    const from = start + offset;
    const to = from + node.nodeSize;
    let pos = from;
    const cut = (end: number, ids: readonly string[]) => {
      pieces.push({ node, text: node.isText ? node.text!.slice(pos - from, end - from) : null, end, ids });
      pos = end;
    };
    for (const s of local) {
      if (s.to <= pos) continue;
      if (s.from >= to) break;
      if (s.from > pos) cut(s.from, []);
      cut(Math.min(s.to, to), s.ids);
    }
    if (pos < to) cut(to, []);
  });
  return pieces;
}

function groupByIds(pieces: readonly Piece[]): Piece[][] {
  const groups: Piece[][] = [];
  let key: string | null = null;
  for (const piece of pieces) {
    const pieceKey = piece.ids.join(' ');
    if (pieceKey === key) groups[groups.length - 1].push(piece);
    else groups.push([piece]);
    key = pieceKey;
  }
  return groups;
}

/** Inline formatting inside one <mark>; closed at its end so <mark> stays outermost. */
function renderFormatted(pieces: readonly Piece[]): string {
  let html = '';
  let open: readonly Mark[] = [];
  for (const piece of pieces) {
    const marks = piece.node.marks;
    let keep = 0;
    while (keep < open.length && keep < marks.length && open[keep].eq(marks[keep])) keep++;
    for (let i = open.length - 1; i >= keep; i--) html += markTags(open[i])[1];
    for (let i = keep; i < marks.length; i++) html += markTags(marks[i])[0];
    open = marks;
    if (piece.text !== null) html += escapeHtml(piece.text);
    else if (piece.node.type.name === 'hard_break') html += '<br>';
  }
  for (let i = open.length - 1; i >= 0; i--) html += markTags(open[i])[1];
  return html;
}

function markTags(mark: Mark): [string, string] {
  switch (mark.type.name) {
    case 'em':
    case 'strong':
    case 'code':
      return [`<${mark.type.name}>`, `</${mark.type.name}>`];
    case 'link': {
      const href = String(mark.attrs.href);
      // An unsafe target keeps its text but loses the link.
      if (!isSafeLinkHref(href)) return ['', ''];
      const title = mark.attrs.title ? ` title="${escapeAttr(String(mark.attrs.title))}"` : '';
      return [`<a href="${escapeAttr(new URL(href).href)}"${title} rel="${LINK_REL}">`, '</a>'];
    }
    default:
      return ['', ''];
  }
}

// --- Highlights and note references ---

/** Each stripe is this many pixels; the nth covering annotation's stripe sits n stripes up. */
const STRIPE_PX = 3;
/** Tints stack, so cap them to keep text on a deep overlap above AA contrast. */
const MAX_TINTS = 3;

function openMark(covering: readonly Note[]): string {
  const ids = covering.map((note) => note.annotation.id).join(' ');
  const verdicts = covering.map((note) => note.annotation.verdict.key).join(' ');
  const title = covering.map((note) => `Note ${note.n}: ${note.annotation.verdict.label}`).join('; ');
  const colours = covering.map((note) => note.colour);
  // Colours were checked by hexColour, so this style holds no user text.
  const style =
    `background-image:${colours.slice(0, MAX_TINTS).map((c) => `linear-gradient(${c}24,${c}24)`).join(',')};` +
    `box-shadow:${colours.map((c, i) => `inset 0 -${(i + 1) * STRIPE_PX}px 0 ${c}`).join(',')};` +
    `padding-bottom:${colours.length * STRIPE_PX - 1}px`;
  const cls = covering.length > 1 ? 'fc-mark fc-overlap' : 'fc-mark';
  return (
    `<mark class="${cls}" data-annotation-id="${escapeAttr(ids)}" data-verdict="${escapeAttr(verdicts)}" ` +
    `title="${escapeAttr(title)}" style="${escapeAttr(style)}">`
  );
}

function noteRef({ n, annotation: { verdict } }: Note): string {
  return (
    `<sup class="note-ref"><a href="#note-${n}" id="ref-${n}" aria-label="${escapeAttr(`Note ${n}: ${verdict.label}`)}">` +
    `<span aria-hidden="true">${escapeHtml(verdict.icon)}</span> ${n} · ${escapeHtml(verdict.label)}</a></sup>`
  );
}

// --- Notes section ---

function renderNotes(notes: Notes): string {
  const items = notes.list.map(renderNote).join('');
  const list = items ? `<ol class="note-list">${items}</ol>` : '<p class="empty">This article has no fact-check notes.</p>';
  return `<section class="notes" aria-labelledby="notes-heading"><h2 id="notes-heading">Fact-check notes</h2>${list}</section>`;
}

function renderNote(note: Note): string {
  const { n, annotation: a, colour } = note;
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
    `<li id="note-${n}" class="note" data-annotation-id="${escapeAttr(a.id)}">` +
    `<p class="note-head"><span class="verdict" data-verdict="${escapeAttr(a.verdict.key)}" ` +
    `style="background-color:${colour}1f;border-color:${colour}">` +
    `<span class="verdict-icon" aria-hidden="true">${escapeHtml(a.verdict.icon)}</span> ${escapeHtml(a.verdict.label)}</span>${missing}</p>` +
    `<blockquote class="note-quote"><p>“${lines(a.exact)}”</p></blockquote>` +
    rationale +
    evidence +
    `<p class="note-meta">Reviewed by <span class="author">${escapeHtml(a.authorName)}</span>, ` +
    `${renderDate(a.updatedAt, isoDate)}${back}</p></li>`
  );
}

function renderEvidence({ url, title, excerpt }: ExportEvidence): string {
  const label = escapeHtml(title.trim() || url);
  // Only http(s) becomes a link; anything else is shown, never followed.
  const source = isHttpUrl(url)
    ? `<a href="${escapeAttr(new URL(url).href)}" rel="${LINK_REL}">${label}</a>`
    : `<span class="evidence-unlinked">${label}${title.trim() ? ` (${escapeHtml(url)})` : ''}</span>`;
  const quote = excerpt?.trim() ? `<blockquote><p>${lines(excerpt)}</p></blockquote>` : '';
  return `<li>${source}${quote}</li>`;
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

// --- Dates, in UTC so an export reads the same wherever it is opened ---

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function longDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** A <time> element, or the value as plain text when it is not a date. */
function renderDate(value: string | Date, format: (date: Date) => string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return escapeHtml(String(value));
  return `<time datetime="${escapeAttr(isoDate(date))}">${escapeHtml(format(date))}</time>`;
}

// --- Stylesheet: system fonts only, so nothing is fetched ---

const SANS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';
const SERIF = 'Charter,"Bitstream Charter","Iowan Old Style","Sitka Text",Cambria,Georgia,serif';
const MONO = 'ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace';

const STYLE = `
:root{color-scheme:light;--ink:#1b1b1b;--muted:#555;--rule:#d6d6d6;--link:#0b57d0;--accent:#8a1c1c}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:1.125rem/1.7 ${SERIF}}
.page{max-width:42rem;margin:0 auto;padding:2.5rem 1.25rem 4rem}
a{color:var(--link);text-underline-offset:.15em}
a:focus-visible{outline:2px solid var(--link);outline-offset:2px;border-radius:2px}
.kicker,.meta,.note-ref,.notes{font-family:${SANS}}
.kicker{margin:0 0 .5rem;color:var(--accent);font-size:.8rem;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
.article-header{margin-bottom:2rem;padding-bottom:1.25rem;border-bottom:1px solid var(--rule)}
.article-title{margin:0 0 1rem;font-size:2.4rem;line-height:1.15;letter-spacing:-.01em}
.meta{color:var(--muted);font-size:.9rem;line-height:1.5}
.meta p{margin:.2rem 0}
.meta a,.notes a{overflow-wrap:anywhere}
.article-body h2,.article-body h3,.article-body h4,.article-body h5,.article-body h6{margin:2rem 0 .75rem;line-height:1.25}
.article-body h2{font-size:1.6rem}.article-body h3{font-size:1.3rem}.article-body h4,.article-body h5,.article-body h6{font-size:1.1rem}
.article-body p{margin:0 0 1.1rem}
.article-body ul,.article-body ol{margin:0 0 1.1rem;padding-left:1.5rem}
.article-body li>p{margin:.25rem 0}
blockquote{margin:1.5rem 0;padding:0 0 0 1.25rem;border-left:3px solid var(--rule);color:#333}
code{padding:.1em .3em;border-radius:3px;background:#f2f2f2;font:.88em/1 ${MONO}}
mark.fc-mark{background-color:transparent;color:inherit;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.note-ref{margin-left:.2em;font-size:.7rem;line-height:0;white-space:nowrap}
.note-ref a{padding:.05em .45em;border:1px solid #9a9a9a;border-radius:999px;background:#f7f7f7;color:var(--ink);font-weight:600;text-decoration:none}
.note-ref a:hover{background:#ececec}
.notes{margin-top:3.5rem;padding-top:1rem;border-top:2px solid var(--ink);font-size:1rem;line-height:1.55}
.notes h2{margin:0 0 1rem;font-size:1.4rem}
.note-list{margin:0;padding-left:1.75rem}
.note-list>li::marker{font-weight:700}
.note{padding:.75rem 0 1rem;border-bottom:1px solid var(--rule)}
.note:target{background:#fff6d5;box-shadow:-.5rem 0 0 #fff6d5,.5rem 0 0 #fff6d5}
.note-head{margin:0 0 .5rem}
.verdict{display:inline-block;padding:.1em .65em;border:2px solid;border-radius:999px;font-size:.85rem;font-weight:700}
.verdict-icon{margin-right:.2em}
.not-found{margin-left:.6rem;color:var(--accent);font-size:.85rem;font-style:italic}
.note-quote{margin:.5rem 0;font-family:${SERIF};font-size:1.05rem;font-style:italic}
.note-quote p,.evidence blockquote p{margin:0}
.rationale p{margin:.5rem 0}
.evidence-heading{margin:.9rem 0 .25rem;color:var(--muted);font-size:.75rem;letter-spacing:.06em;text-transform:uppercase}
.evidence{margin:0;padding-left:1.2rem}
.evidence li{margin:.35rem 0}
.evidence blockquote{margin:.3rem 0 .5rem;font-size:.92rem}
.evidence-unlinked{overflow-wrap:anywhere}
.note-meta{margin:.75rem 0 0;color:var(--muted);font-size:.85rem}
.author{color:var(--ink);font-weight:600}
@media (max-width:30rem){body{font-size:1.05rem}.article-title{font-size:1.9rem}}
@media print{
@page{margin:2cm}
body{font-size:11pt;line-height:1.5}
.page{max-width:none;padding:0}
a{color:inherit}
mark.fc-mark,.verdict,.note-ref a{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.notes{break-before:auto}
.note{break-inside:avoid}
h1,h2,h3,h4,h5,h6{break-after:avoid}
.notes a[href^=http]::after{content:" (" attr(href) ")";color:#444;font-size:.85em}
.back{display:none}
}
`.trim();
