// The article's text as HTML, each annotated span in a <mark> followed by its
// note reference. It walks the ProseMirror document itself instead of using a
// DOM, so it runs on the server without one, and escapes every piece of text.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { headingLevel, isSafeLinkHref } from '../domain/article-schema';
import { segmentRanges, type Segment } from '../domain/segments';
import { escapeAttr, escapeHtml } from './escape';
import type { ExportNote } from './model';
import type { ColourSheet } from './style';

export const LINK_REL = 'noopener noreferrer nofollow';

/** The notes that have a highlight, and the segments their overlaps cut the text into. */
export class Highlights {
  readonly byId: ReadonlyMap<string, ExportNote>;
  readonly segments: readonly Segment[];

  constructor(
    notes: readonly ExportNote[],
    readonly sheet: ColourSheet,
  ) {
    const located = notes.filter((note) => note.end !== null);
    this.byId = new Map(located.map((note) => [note.annotation.id, note]));
    this.segments = segmentRanges(located.map(({ annotation: { id, from, to } }) => ({ id, from, to })));
  }
}

export function renderBody(doc: PMNode, highlights: Highlights): string {
  let html = '';
  doc.forEach((child, offset) => {
    // The title node is the header's h1.
    if (offset > 0 || child.type.name !== 'title') html += renderBlock(child, offset, highlights);
  });
  return html;
}

/** One top-level block at `pos` (for the checked passages alone). */
export function renderBlockAt(node: PMNode, pos: number, highlights: Highlights): string {
  return renderBlock(node, pos, highlights);
}

/** `pos` is the position just before `node`, as `doc.descendants` reports it. */
function renderBlock(node: PMNode, pos: number, highlights: Highlights): string {
  switch (node.type.name) {
    case 'paragraph':
      return `<p>${renderTextblock(node, pos, highlights)}</p>`;
    case 'title':
      return `<p class="title-text">${renderTextblock(node, pos, highlights)}</p>`;
    case 'heading': {
      const tag = `h${headingLevel(node)}`;
      return `<${tag}>${renderTextblock(node, pos, highlights)}</${tag}>`;
    }
    case 'blockquote':
      return `<blockquote>${renderChildren(node, pos, highlights)}</blockquote>`;
    case 'bullet_list':
      return `<ul>${renderChildren(node, pos, highlights)}</ul>`;
    case 'ordered_list': {
      const order = Number(node.attrs.order);
      const start = Number.isInteger(order) && order !== 1 ? ` start="${order}"` : '';
      return `<ol${start}>${renderChildren(node, pos, highlights)}</ol>`;
    }
    case 'list_item':
      return `<li>${renderChildren(node, pos, highlights)}</li>`;
    default:
      // Unknown to this exporter (a newer schema): keep the text rather than lose it.
      return node.isTextblock ? `<p>${renderTextblock(node, pos, highlights)}</p>` : `<div>${renderChildren(node, pos, highlights)}</div>`;
  }
}

function renderChildren(node: PMNode, pos: number, highlights: Highlights): string {
  let html = '';
  node.forEach((child, offset) => {
    html += renderBlock(child, pos + 1 + offset, highlights);
  });
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

export function renderTextblock(block: PMNode, pos: number, highlights: Highlights): string {
  let html = '';
  for (const group of groupByIds(inlinePieces(block, pos + 1, highlights.segments))) {
    const inner = renderFormatted(group);
    const ids = group[0].ids;
    if (ids.length === 0) {
      html += inner;
      continue;
    }
    const covering = ids.map((id) => highlights.byId.get(id)!);
    const end = group[group.length - 1].end;
    html += `${openMark(covering, highlights.sheet)}${inner}</mark>`;
    html += covering
      .filter((note) => note.end === end)
      .sort((a, b) => a.n - b.n)
      .map(noteRef)
      .join('');
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

/**
 * `data-annotation-id`, `data-verdict` and `data-status` each list the covering
 * annotations outermost first, space-separated, in the same order, so
 * `mark[data-status~=draft]` finds every highlight a draft is part of.
 */
function openMark(covering: readonly ExportNote[], sheet: ColourSheet): string {
  const ids = covering.map((note) => note.annotation.id).join(' ');
  const verdicts = covering.map((note) => note.annotation.verdict.key).join(' ');
  const statuses = covering.map((note) => (note.draft ? 'draft' : 'final')).join(' ');
  const title = covering.map((note) => `Note ${note.n}: ${note.annotation.verdict.label}${note.draft ? ' (draft)' : ''}`).join('; ');
  const tint = sheet.markClass(covering.map((note) => note.annotation.verdict.colour));
  const cls = `fc-mark ${tint}${covering.length > 1 ? ' fc-overlap' : ''}`;
  return (
    `<mark class="${cls}" data-annotation-id="${escapeAttr(ids)}" data-verdict="${escapeAttr(verdicts)}" ` +
    `data-status="${statuses}" title="${escapeAttr(title)}">`
  );
}

/**
 * The label is isolated (<bdi>) so a direction override in it cannot reorder the article text after it.
 * The link is named "Note 3: False (draft)"; what it shows, "✘ 3 · False · Draft", has the icon and the dots drawn
 * by the stylesheet (from data-icon and empty separators), so that its visible text, "3 False Draft", is part of its
 * name: speech users say what they see (WCAG 2.5.3, label in name), and the icon is not read out.
 */
function noteRef({ n, draft, annotation: { verdict } }: ExportNote): string {
  const label = `Note ${n}: ${verdict.label}${draft ? ' (draft)' : ''}`;
  // Real spaces around each dot: they separate the words of the visible text too.
  const sep = ' <span class="sep" aria-hidden="true"></span> ';
  return (
    `<sup class="note-ref"><a href="#note-${n}" id="ref-${n}" aria-label="${escapeAttr(label)}">` +
    `<span class="note-icon" aria-hidden="true" data-icon="${escapeAttr(verdict.icon)}"></span>${n}${sep}<bdi>${escapeHtml(verdict.label)}</bdi>` +
    `${draft ? `${sep}<span class="draft-flag">Draft</span>` : ''}</a></sup>`
  );
}
