// Cheap checks run before a parser builds a tree: a document nested thousands
// of levels deep makes the recursive readers (parse5's tree walk, jsdom,
// Readability, marked) overflow the stack or crawl. One linear pass over the
// text, no tree built; the refusals are meant for the user.

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
  while ((i = html.indexOf('<', i)) !== -1) {
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
