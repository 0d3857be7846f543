// HTML → article blocks. An allow-list: every element is either mapped onto the
// article schema, read through for its children, or dropped with its text.
// Nothing from the input reaches the document except text, link targets that
// pass `isSafeLinkHref`, link titles and list start numbers.
import { html as html5, type DefaultTreeAdapterTypes as T } from 'parse5';
import { Mark, type Node as PMNode } from 'prosemirror-model';
import { articleSchema, isSafeLinkHref } from '@/server/domain/article-schema';
import { MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '@/server/domain/limits';
import { parseFragmentWithinDepth, parseWithinDepth } from './depth';
import { stripControlChars } from './plain-text';

export interface HtmlBlocks {
  blocks: PMNode[];
  /** Index in `blocks` of the heading that came from the page's headline `<h1>`, if any. */
  headline: number | null;
  /** The text of `<title>`, when the input was a whole document. */
  documentTitle: string | null;
}

/**
 * Throws TooDeepError (server/import/depth.ts) when the tree parse5 builds is
 * nested too deeply for the recursive reader below.
 * `fragment` parses the input as a body fragment: Markdown output uses it so
 * that raw `<title>` or `<body>` tags inside Markdown are not taken as structure.
 */
export function htmlToBlocks(source: string, options: { fragment?: boolean } = {}): HtmlBlocks {
  const reader = new HtmlReader();
  let documentTitle: string | null = null;
  if (options.fragment) {
    reader.read(parseFragmentWithinDepth(source));
  } else {
    const document = parseWithinDepth(source);
    const root = childElement(document, 'html');
    const title = root && childElement(childElement(root, 'head') ?? root, 'title');
    documentTitle = (title && collapseSpaces(textOf(title))) || null;
    const body = root && childElement(root, 'body');
    if (body) reader.read(body);
  }
  return { ...reader.finish(), documentTitle };
}

// Dropped with everything inside. Scripts, styles and embeds are code, not
// text; form controls and media carry labels, not article prose; `nav` is menu
// junk on article pages. `header`, `footer` and `aside` are kept: they hold
// bylines, datelines and pull quotes as often as they hold chrome, and a
// fact-checker can ignore a stray paragraph but cannot annotate a lost one.
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'noframes',
  'object',
  'embed',
  'applet',
  'param',
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'datalist',
  'textarea',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'source',
  'track',
  'map',
  'area',
  'head',
  'meta',
  'link',
  'base',
  'title',
  'nav',
  'dialog',
  'slot',
  'noembed',
]);

// Read through, but they end the paragraph before them and start a new one.
const BLOCK_BOUNDARY = new Set([
  'address',
  'article',
  'aside',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'p',
  'search',
  'section',
  'summary',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
]);

const PREFORMATTED = new Set(['pre', 'listing', 'xmp', 'plaintext']);
const LISTS = new Set(['ul', 'ol', 'menu']);
const HEADINGS = new Map([1, 2, 3, 4, 5, 6].map((level) => [`h${level}`, level]));

const { em, strong, code, link } = articleSchema.marks;
const MARKS = new Map<string, Mark>([
  ['em', em.create()],
  ['i', em.create()],
  ['strong', strong.create()],
  ['b', strong.create()],
  ['code', code.create()],
  ['kbd', code.create()],
  ['samp', code.create()],
  ['tt', code.create()],
]);

// Inline elements that `flatten` reads through without starting a paragraph.
const INLINE_IN_FLATTEN = new Set([
  'a',
  'abbr',
  'b',
  'cite',
  'code',
  'em',
  'font',
  'i',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
]);

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

// Real pages nest a few dozen elements deep; a recursive walk overflows the
// stack at around two thousand, which hostile input reaches in a few kilobytes.
const MAX_DEPTH = 200;

type Element = T.Element;

class HtmlReader {
  private root = new Sink();
  private firstHeading: { index: number; fromH1: boolean } | null = null;
  private h1Count = 0;

  read(parent: T.ParentNode): void {
    this.children(parent, this.root, Mark.none, 0);
  }

  finish(): Pick<HtmlBlocks, 'blocks' | 'headline'> {
    const blocks = this.root.finish();
    const first = this.firstHeading;
    // A page may put a kicker or a byline before its headline, so a lone h1
    // is the headline wherever it stands. When several h1s act as section
    // headings, only one that opens the document is taken as the headline.
    const isHeadline = first?.fromH1 && (first.index === 0 || this.h1Count === 1);
    return { blocks, headline: isHeadline ? first.index : null };
  }

  private children(parent: T.ParentNode, sink: Sink, marks: readonly Mark[], depth: number): void {
    for (const child of parent.childNodes) this.node(child, sink, marks, depth);
  }

  private node(node: T.ChildNode, sink: Sink, marks: readonly Mark[], depth: number): void {
    if (node.nodeName === '#text') sink.text((node as T.TextNode).value, marks);
    else if ('tagName' in node && !isDropped(node)) {
      if (depth >= MAX_DEPTH) flatten(node, sink, marks);
      else this.element(node, sink, marks, depth + 1);
    }
  }

  private element(el: Element, sink: Sink, marks: readonly Mark[], depth: number): void {
    const tag = el.tagName;
    const mark = MARKS.get(tag) ?? (tag === 'a' ? linkMark(el) : undefined);
    if (mark) this.children(el, sink, mark.addToSet(marks), depth);
    else if (tag === 'br') sink.hardBreak();
    else if (tag === 'img') sink.text(collapseSpaces(attr(el, 'alt') ?? ''), marks);
    else if (HEADINGS.has(tag)) this.heading(el, HEADINGS.get(tag)!, sink, marks, depth);
    else if (LISTS.has(tag)) this.list(el, sink, marks, depth);
    else if (tag === 'blockquote') {
      const inner = this.sub(el, new Sink(), marks, depth);
      if (inner.length) sink.block([articleSchema.node('blockquote', null, inner)]);
    } else if (PREFORMATTED.has(tag)) {
      sink.block(this.sub(el, new Sink(true), code.create().addToSet(marks), depth));
    } else if (tag === 'table') this.table(el, sink, marks, depth);
    else if (BLOCK_BOUNDARY.has(tag)) {
      sink.flush();
      this.children(el, sink, marks, depth);
      sink.flush();
    } else this.children(el, sink, marks, depth);
  }

  /** Reads `el`'s children into their own sink and returns its blocks. */
  private sub(el: Element, sink: Sink, marks: readonly Mark[], depth: number): PMNode[] {
    this.children(el, sink, marks, depth);
    return sink.finish();
  }

  private heading(el: Element, level: number, sink: Sink, marks: readonly Mark[], depth: number): void {
    const blocks = this.sub(el, new Sink(), marks, depth).map((block) =>
      block.type.name === 'paragraph' ? articleSchema.node('heading', { level: Math.max(2, level) }, block.content) : block,
    );
    const index = blocks.findIndex((b) => b.type.name === 'heading');
    if (index < 0) {
      sink.block(blocks);
      return;
    }
    if (level === 1) this.h1Count++;
    if (sink === this.root && !this.firstHeading) {
      this.firstHeading = { index: sink.flushedLength() + index, fromH1: level === 1 };
    }
    sink.block(blocks);
  }

  private list(el: Element, sink: Sink, marks: readonly Mark[], depth: number): void {
    // Stray content between items (text, or a nested list written as a sibling
    // of its item) belongs to the item before it, as browsers display it.
    const items: Sink[] = [];
    for (const child of el.childNodes) {
      const isItem = 'tagName' in child && child.tagName === 'li';
      if (isItem || !items.length) items.push(new Sink());
      this.node(child, items[items.length - 1], marks, depth);
      if (isItem) items[items.length - 1].flush();
    }
    const listItems = items.map((item) => listItem(item.finish())).filter((item) => item !== null);
    if (!listItems.length) return;
    const ordered = el.tagName === 'ol';
    sink.block([
      ordered
        ? articleSchema.node('ordered_list', { order: listStart(attr(el, 'start')) }, listItems)
        : articleSchema.node('bullet_list', null, listItems),
    ]);
  }

  // A data table reads best as one line per row; a layout table (cells full of
  // paragraphs, or another table) is read cell by cell so its prose survives.
  private table(el: Element, sink: Sink, marks: readonly Mark[], depth: number): void {
    sink.flush();
    const visit = (parent: Element, depth: number): void => {
      for (const child of parent.childNodes) {
        if (!('tagName' in child) || isDropped(child)) continue;
        if (child.tagName === 'tr') this.row(child, sink, marks, depth + 1);
        else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) visit(child, depth + 1);
        else if (child.tagName !== 'colgroup') this.node(child, sink, marks, depth);
      }
    };
    visit(el, depth);
    sink.flush();
  }

  private row(tr: Element, sink: Sink, marks: readonly Mark[], depth: number): void {
    const cells = tr.childNodes
      .filter((c): c is Element => 'tagName' in c && !isDropped(c))
      .map((cell) => this.sub(cell, new Sink(), marks, depth))
      .filter((blocks) => blocks.length);
    const simple = cells.every((blocks) => blocks.length === 1 && blocks[0].isTextblock);
    if (!simple) {
      sink.block(cells.flat());
      return;
    }
    const content: PMNode[] = [];
    cells.forEach(([cell], i) => {
      if (i) content.push(articleSchema.text(' | '));
      cell.content.forEach((node) => {
        content.push(node);
      });
    });
    if (content.length) sink.block([articleSchema.node('paragraph', null, content)]);
  }
}

/** Collects inline content and turns it into paragraphs at block boundaries. */
class Sink {
  private blocks: PMNode[] = [];
  private inline: Inline[] = [];

  /** `pre` keeps whitespace as written and turns newlines into hard breaks. */
  constructor(readonly pre = false) {}

  text(raw: string, marks: readonly Mark[]): void {
    const value = stripControlChars(raw);
    if (this.pre) {
      value.split('\n').forEach((line, i) => {
        if (i) this.hardBreak();
        if (line) this.inline.push({ text: line, marks });
      });
      return;
    }
    // Collapse as a browser does: one space for any run, none at a line start.
    let text = value.replace(/[ \t\n\f\r]+/g, ' ');
    if (text.startsWith(' ') && this.atLineStart()) text = text.slice(1);
    if (text) this.inline.push({ text, marks });
  }

  hardBreak(): void {
    this.inline.push(BREAK);
  }

  block(nodes: readonly PMNode[]): void {
    this.flush();
    // A loop, not push(...nodes): a pre with a million blank lines would
    // exceed the engine's limit on call arguments.
    for (const node of nodes) this.blocks.push(node);
  }

  /** Number of blocks so far, once pending inline content has become a paragraph. */
  flushedLength(): number {
    this.flush();
    return this.blocks.length;
  }

  // Two or more breaks in a row are how hand-written HTML separates
  // paragraphs, and "\n\n" is the block separator of the article's plain text,
  // so a blank line always starts a new paragraph.
  flush(): void {
    let lines: Inline[][] = [[]];
    for (const item of this.inline) {
      if (item === BREAK) lines.push([]);
      else lines[lines.length - 1].push(item);
    }
    this.inline = [];
    if (!this.pre) lines = lines.map(trimLine);
    let paragraph: Inline[][] = [];
    const close = () => {
      if (paragraph.length) this.blocks.push(paragraphOf(paragraph));
      paragraph = [];
    };
    for (const line of lines) {
      if (line.every((item) => item.text.trim() === '')) close();
      else paragraph.push(line);
    }
    close();
  }

  finish(): PMNode[] {
    this.flush();
    return this.blocks;
  }

  private atLineStart(): boolean {
    const last = this.inline[this.inline.length - 1];
    return !last || last === BREAK || last.text.endsWith(' ');
  }
}

type Inline = { text: string; marks: readonly Mark[] } | typeof BREAK;
const BREAK = { text: '\n', marks: Mark.none } as const;

function trimLine(line: Inline[]): Inline[] {
  const out = line.map((item) => ({ ...item }));
  // Leading spaces go, and items that were nothing else go with them; likewise at the end.
  while (out.length) {
    out[0].text = out[0].text.replace(/^ +/, '');
    if (out[0].text) break;
    out.shift();
  }
  while (out.length) {
    const last = out[out.length - 1];
    last.text = last.text.replace(/ +$/, '');
    if (last.text) break;
    out.pop();
  }
  return out;
}

function paragraphOf(lines: Inline[][]): PMNode {
  const content: PMNode[] = [];
  lines.forEach((line, i) => {
    if (i) content.push(articleSchema.nodes.hard_break.create());
    for (const item of line) if (item.text) content.push(articleSchema.text(item.text, item.marks));
  });
  return articleSchema.node('paragraph', null, content);
}

/** The schema wants a paragraph first in every item; an item opening with a list gets an empty one. */
function listItem(blocks: PMNode[]): PMNode | null {
  if (!blocks.length) return null;
  const [first, ...rest] = blocks;
  const lead =
    first.type.name === 'paragraph'
      ? [first]
      : first.type.name === 'heading'
        ? [articleSchema.node('paragraph', null, first.content)]
        : [articleSchema.node('paragraph'), first];
  return articleSchema.node('list_item', null, [...lead, ...rest]);
}

function listStart(start: string | undefined): number {
  const n = Number.parseInt(start ?? '', 10);
  return Number.isSafeInteger(n) ? n : 1;
}

function linkMark(el: Element): Mark | undefined {
  const raw = attr(el, 'href')?.trim();
  if (!raw || !isSafeLinkHref(raw)) return undefined;
  // Store the URL as the parser read it, so what was checked is what is kept.
  const href = new URL(raw).href;
  if (href.length > MAX_URL_LENGTH) return undefined;
  const title = collapseSpaces(attr(el, 'title') ?? '').slice(0, MAX_TITLE_LENGTH) || null;
  return link.create({ href, title });
}

function isDropped(el: Element): boolean {
  if (el.namespaceURI !== html5.NS.HTML || DROPPED.has(el.tagName)) return true;
  if (attr(el, 'hidden') !== undefined) return true;
  if (attr(el, 'aria-hidden')?.trim().toLowerCase() === 'true') return true;
  const style = attr(el, 'style');
  return style !== undefined && HIDDEN_STYLE.test(style);
}

/**
 * Past `MAX_DEPTH`, reads a subtree as inline text with an explicit stack:
 * same drop rules and paragraph boundaries, without the nested structure.
 */
function flatten(el: Element, sink: Sink, marks: readonly Mark[]): void {
  const END_OF_BLOCK = null;
  const stack: (T.ChildNode | typeof END_OF_BLOCK)[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (node === END_OF_BLOCK) sink.flush();
    else if (node.nodeName === '#text') sink.text((node as T.TextNode).value, marks);
    else if ('tagName' in node && (node === el || !isDropped(node))) {
      if (node.tagName === 'br') sink.hardBreak();
      else if (node.tagName === 'img') sink.text(collapseSpaces(attr(node, 'alt') ?? ''), marks);
      else if (!INLINE_IN_FLATTEN.has(node.tagName)) {
        sink.flush();
        stack.push(END_OF_BLOCK);
      }
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
    }
  }
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function childElement(parent: T.ParentNode, tagName: string): Element | undefined {
  return parent.childNodes.find((c): c is Element => 'tagName' in c && c.tagName === tagName);
}

function textOf(el: Element): string {
  return el.childNodes.map((c) => (c.nodeName === '#text' ? (c as T.TextNode).value : '')).join('');
}

export function collapseSpaces(text: string): string {
  return stripControlChars(text).replace(/\s+/g, ' ').trim();
}
