// Nesting limits: a document nested thousands of levels deep makes the
// recursive readers (our tree walk, jsdom, Readability) overflow the stack or
// crawl. HTML nesting is counted on the tree parse5 builds, as it builds it
// (a browser's own rules: `<div/>` is not closed by its slash, misnested
// formatting is reconstructed), and parsing stops at the first element past
// the limit, so a refusal is quick. `htmlDepth` is a cheaper guess from the
// text alone, kept for Markdown's raw HTML; the refusals are meant for the user.
import { defaultTreeAdapter, parse, parseFragment, type DefaultTreeAdapterMap, type TreeAdapter } from 'parse5';

export const MAX_HTML_DEPTH = 200;
export const MAX_MARKDOWN_DEPTH = 100;

export const HTML_TOO_DEEP = `This page is nested too deeply to import (more than ${MAX_HTML_DEPTH} levels)`;
export const MARKDOWN_TOO_DEEP = `This Markdown is nested too deeply to import (more than ${MAX_MARKDOWN_DEPTH} levels of quotes or lists)`;

// Never have children.
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'basefont',
  'bgsound',
  'frame',
  'image',
]);
// Their end tag is optional: the next sibling closes them, so they do not nest
// by themselves. Not counted, so that `<p>` ×1000 without `</p>` is not refused.
const OPTIONAL_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'option',
  'optgroup',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'colgroup',
  'caption',
  'rb',
  'rt',
  'rtc',
  'rp',
  'html',
  'head',
  'body',
]);
// Their content is text up to their own end tag.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);

const TAG_NAME = /[a-zA-Z][a-zA-Z0-9-]*/y;

/**
 * The deepest element nesting in `html`, as a browser would roughly build it,
 * counting up to `limit + 1` (it stops there). Not a parser: end tags close the
 * nearest open element of their name, unknown end tags are ignored, elements
 * with optional end tags and void elements do not count.
 */
export function htmlDepth(html: string, limit = MAX_HTML_DEPTH): number {
  const open: string[] = [];
  let deepest = 0;
  let i = 0;
  for (i = html.indexOf('<', i); i !== -1; i = html.indexOf('<', i)) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end === -1) break;
      i = end + 3;
      continue;
    }
    const next = html[i + 1];
    if (next === '!' || next === '?') {
      const end = html.indexOf('>', i);
      if (end === -1) break;
      i = end + 1;
      continue;
    }
    const closing = next === '/';
    TAG_NAME.lastIndex = i + (closing ? 2 : 1);
    const match = TAG_NAME.exec(html);
    const after = html[TAG_NAME.lastIndex];
    if (!match || (after !== undefined && !/[\s/>]/.test(after))) {
      i++;
      continue;
    }
    const name = match[0].toLowerCase();
    const end = tagEnd(html, TAG_NAME.lastIndex);
    if (end === -1) break;
    i = end + 1;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at !== -1) open.length = at;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}`, 'gi');
      close.lastIndex = i;
      i = close.exec(html)?.index ?? html.length;
      continue;
    }
    if (VOID.has(name) || OPTIONAL_END.has(name) || html[end - 1] === '/') continue;
    open.push(name);
    if (open.length > deepest) deepest = open.length;
    if (deepest > limit) return deepest;
  }
  return deepest;
}

/** The `>` that ends a tag whose attributes start at `from`, skipping quoted values. */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

// One container marker at the start of what is left of a line: a block quote
// `>` or a list item (`-`, `*`, `+`, `1.`, `1)` followed by a space), each after
// at most three spaces of indentation.
const CONTAINER = /^ {0,3}(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?/;

/**
 * The deepest nesting of block quotes and lists on any line of `markdown`,
 * counting the markers that open a line (`> > - 1. `) plus, for a list item,
 * two levels per indentation of two spaces before it.
 */
export function markdownDepth(markdown: string): number {
  let deepest = 0;
  let start = 0;
  while (start <= markdown.length) {
    let stop = markdown.indexOf('\n', start);
    if (stop === -1) stop = markdown.length;
    const depth = lineDepth(markdown.slice(start, stop));
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_MARKDOWN_DEPTH) return deepest;
    start = stop + 1;
  }
  return deepest;
}

function lineDepth(line: string): number {
  const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
  let rest = line;
  let depth = 0;
  for (let match = CONTAINER.exec(rest); match && match[0].length; match = CONTAINER.exec(rest)) {
    depth++;
    rest = rest.slice(match[0].length);
    if (depth > MAX_MARKDOWN_DEPTH) break;
  }
  // A nested list item is indented under its parent's text: about two spaces a level.
  const listIndented = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]/.test(line);
  return depth + (listIndented ? Math.floor(indent / 2) : 0);
}

/** Thrown while parsing when an element would sit deeper than the limit. */
export class TooDeepError extends Error {
  override name = 'TooDeepError';
  constructor() {
    super(HTML_TOO_DEEP);
  }
}

type Node = DefaultTreeAdapterMap['node'];
type Parent = DefaultTreeAdapterMap['parentNode'];

/** The elements a parser puts around every page, written or not: they are not the author's nesting. */
const IMPLIED = new Set(['html', 'head', 'body']);

/**
 * The author's elements from `node` up (`node` included, and from a template's
 * content to the template), up to `limit + 1`: the document, the fragment and
 * the implied html, head and body are not counted.
 */
function depthOf(node: Parent, contentOwners: WeakMap<Node, Node>, limit: number): number {
  let depth = 0;
  let current: Node | null | undefined = node;
  while (current && depth <= limit) {
    const tag = (current as { tagName?: string }).tagName;
    if (tag !== undefined && !IMPLIED.has(tag)) depth++;
    current = (current as { parentNode?: Node | null }).parentNode ?? contentOwners.get(current);
  }
  return depth;
}

/**
 * parse5's default tree, checked as it is built: each node attached (appended,
 * inserted before a sibling, moved by the adoption agency or foster parenting,
 * or put in a template's content) is measured up its parents, and the parse
 * stops with TooDeepError at the first one deeper than `limit`. The walk stops
 * at the limit, so the check costs at most `limit` steps a node.
 */
export function depthLimitedAdapter(limit = MAX_HTML_DEPTH): TreeAdapter<DefaultTreeAdapterMap> {
  const contentOwners = new WeakMap<Node, Node>();
  const place = (parent: Parent, node: Node) => {
    // The node's own level: its parent's, plus one (an author's top-level element is level 1).
    const depth = depthOf(parent, contentOwners, limit) + 1;
    if (depth > limit) throw new TooDeepError();
    // A node moved with its children (the adoption agency does): measure its subtree too, without recursion.
    const children = (node as { childNodes?: Node[] }).childNodes;
    if (!children?.length) return;
    const pending: [Node, number][] = [[node, depth]];
    for (let item = pending.pop(); item; item = pending.pop()) {
      for (const child of (item[0] as { childNodes?: Node[] }).childNodes ?? []) {
        if (item[1] + 1 > limit) throw new TooDeepError();
        pending.push([child, item[1] + 1]);
      }
    }
  };
  return {
    ...defaultTreeAdapter,
    appendChild(parent, node) {
      place(parent, node);
      defaultTreeAdapter.appendChild(parent, node);
    },
    insertBefore(parent, node, reference) {
      place(parent, node);
      defaultTreeAdapter.insertBefore(parent, node, reference);
    },
    setTemplateContent(template, content) {
      contentOwners.set(content, template);
      defaultTreeAdapter.setTemplateContent(template, content);
    },
  };
}

/** parse5's `parse` that throws TooDeepError past `limit` levels of elements. */
export function parseWithinDepth(html: string, limit = MAX_HTML_DEPTH): DefaultTreeAdapterMap['document'] {
  return parse(html, { treeAdapter: depthLimitedAdapter(limit) });
}

/** parse5's `parseFragment` that throws TooDeepError past `limit` levels of elements. */
export function parseFragmentWithinDepth(html: string, limit = MAX_HTML_DEPTH): DefaultTreeAdapterMap['documentFragment'] {
  return parseFragment(html, { treeAdapter: depthLimitedAdapter(limit) });
}

/** True when the tree a browser would build from `html` is nested deeper than `limit`; stops parsing there. */
export function htmlTreeTooDeep(html: string, limit = MAX_HTML_DEPTH): boolean {
  try {
    parseWithinDepth(html, limit);
    return false;
  } catch (error) {
    if (error instanceof TooDeepError) return true;
    throw error;
  }
}
