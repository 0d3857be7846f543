// Turns pasted or uploaded text into a checked article document whose first
// node is the headline. Knows nothing of HTTP: the router maps `ImportError`
// to a user-facing error.
import type { Node as PMNode } from 'prosemirror-model';
import { articleSchema } from '@/server/domain/article-schema';
import type { ImportFormat } from '@/server/domain/article.types';
import { MAX_TITLE_LENGTH } from '@/server/domain/limits';
import { HTML_TOO_DEEP, MARKDOWN_TOO_DEEP, MAX_HTML_DEPTH, MAX_MARKDOWN_DEPTH, TooDeepError, htmlDepth, markdownDepth } from './depth';
import { resolveFormat, type ResolvedFormat } from './detect';
import { htmlToBlocks, type HtmlBlocks } from './html';
import { markdownToBlocks } from './markdown';
import { plainTextToBlocks } from './plain-text';

/** The input could not be turned into an article; the message is meant for the user. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportArticleOptions {
  text: string;
  title?: string;
  format?: ImportFormat;
  fileName?: string;
}

export interface ImportedArticle {
  title: string;
  doc: PMNode;
}

const NOTHING_READABLE: Record<ResolvedFormat, string> = {
  text: 'No readable text was found in the article',
  markdown: 'No readable text was found in the Markdown',
  html: 'No readable text was found in the HTML (scripts, styles, forms and hidden elements are left out)',
};

export function importArticle(input: ImportArticleOptions): ImportedArticle {
  // A byte-order mark would hide a leading `#` or `<!doctype` from the parsers.
  const text = input.text.replace(/^\uFEFF/, '');
  const format = resolveFormat({ ...input, text });
  const source = read(format, text);
  if (!source.blocks.length) throw new ImportError(NOTHING_READABLE[format]);
  const { title, blocks } = chooseTitle(source, input.title ?? '');
  const doc = articleSchema.node('doc', null, [articleSchema.node('title', null, title ? [articleSchema.text(title)] : []), ...blocks]);
  doc.check();
  return { title, doc };
}

function read(format: ResolvedFormat, text: string): HtmlBlocks {
  try {
    // HTML nesting is counted as parse5 builds the tree (it stops at the limit); Markdown's, from its text first.
    if (format === 'html') return htmlToBlocks(text);
    if (format === 'markdown') {
      if (htmlDepth(text) > MAX_HTML_DEPTH) throw new ImportError(HTML_TOO_DEEP);
      if (markdownDepth(text) > MAX_MARKDOWN_DEPTH) throw new ImportError(MARKDOWN_TOO_DEEP);
      return markdownToBlocks(text);
    }
  } catch (error) {
    if (error instanceof TooDeepError) throw new ImportError(HTML_TOO_DEEP);
    throw error;
  }
  return { blocks: plainTextToBlocks(text), headline: null, documentTitle: null };
}

/**
 * The title is, in order: the one the user typed, the page's headline h1, the
 * HTML `<title>`, the first line of text. Whatever the body repeats of it is
 * removed, unless the title had to be shortened, so no text is lost.
 */
function chooseTitle(source: HtmlBlocks, given: string): { title: string; blocks: PMNode[] } {
  const blocks = [...source.blocks];
  const { headline } = source;
  const explicit = singleLine(given) || (headline === null ? singleLine(source.documentTitle ?? '') : '');
  if (explicit) {
    if (headline !== null && singleLine(blocks[headline].textContent) === explicit) blocks.splice(headline, 1);
    else if (blocks[0]?.isTextblock && singleLine(splitFirstLine(blocks[0]).line) === explicit) dropFirstLine(blocks);
    return { title: shorten(explicit).title, blocks };
  }
  if (headline !== null) {
    const { title, whole } = shorten(blocks[headline].textContent);
    if (whole) blocks.splice(headline, 1);
    return { title, blocks };
  }
  const first = firstTextblock(blocks[0]);
  const { title, whole } = shorten(splitFirstLine(first).line);
  if (whole && first === blocks[0]) dropFirstLine(blocks);
  return { title, blocks };
}

function firstTextblock(block: PMNode): PMNode {
  let found: PMNode = block;
  block.descendants((node) => {
    if (node.isTextblock && node.textContent.trim() && found === block) found = node;
    return found === block;
  });
  return found;
}

/** Splits a textblock at its first hard break. */
function splitFirstLine(block: PMNode): { line: string; rest: PMNode | null } {
  let offset = 0;
  let index = 0;
  for (; index < block.childCount && block.child(index).type.name !== 'hard_break'; index++) {
    offset += block.child(index).nodeSize;
  }
  const line = block.textBetween(0, offset);
  if (index === block.childCount) return { line, rest: null };
  const rest = block.copy(block.content.cut(offset + 1));
  return { line, rest: rest.textContent.trim() ? rest : null };
}

function dropFirstLine(blocks: PMNode[]): void {
  const { rest } = splitFirstLine(blocks[0]);
  if (rest) blocks[0] = rest;
  else blocks.shift();
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `whole` is false when the text had to be cut to fit `MAX_TITLE_LENGTH`. */
function shorten(text: string): { title: string; whole: boolean } {
  const line = singleLine(text);
  if (line.length <= MAX_TITLE_LENGTH) return { title: line, whole: true };
  let cut = MAX_TITLE_LENGTH - 1;
  if (/[\uDC00-\uDFFF]/.test(line[cut])) cut--; // don't split a surrogate pair
  return { title: `${line.slice(0, cut).trimEnd()}…`, whole: false };
}
