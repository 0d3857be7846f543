// Plain text → paragraphs. Fact-checkers quote articles word for word, so the
// text is kept as it is: only line ends are trimmed and invisible controls dropped.
import type { Node as PMNode } from 'prosemirror-model';
import { articleSchema } from '@/server/domain/article-schema';

// C0 and C1 controls other than \t and \n: they render as nothing (or as boxes)
// and would make a quote typed by hand fail to match the stored text.
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, '');
}

export function normalizeLineEnds(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\u2029/g, '\n\n')
    .replace(/\u2028/g, '\n');
}

/**
 * Blank lines separate paragraphs; a single newline inside one is a hard
 * break, so the document's plain text (see `plainTextOf`) reads like the input.
 */
export function plainTextToBlocks(text: string): PMNode[] {
  const lines = stripControlChars(normalizeLineEnds(text))
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ +$/, ''));
  const blocks: PMNode[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push(paragraphOfLines(paragraph));
    paragraph = [];
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

function paragraphOfLines(lines: string[]): PMNode {
  const content: PMNode[] = [];
  lines.forEach((line, i) => {
    if (i) content.push(articleSchema.nodes.hard_break.create());
    content.push(articleSchema.text(line));
  });
  return articleSchema.node('paragraph', null, content);
}
