// Which parser reads an import. A file's extension is the most reliable hint,
// then the format the user picked; sniffing the text is the last resort and
// leans towards plain text, since reading prose as Markdown silently eats
// asterisks and underscores that a fact-checker may need to quote.
import { fileExtension, type ImportFormat } from '@/server/domain/article.types';

export type ResolvedFormat = Exclude<ImportFormat, 'auto'>;

const BY_EXTENSION: Record<string, ResolvedFormat> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

export function resolveFormat(input: { format?: ImportFormat; fileName?: string; text: string }): ResolvedFormat {
  const byExtension = input.fileName ? BY_EXTENSION[fileExtension(input.fileName)] : undefined;
  if (byExtension) return byExtension;
  if (input.format && input.format !== 'auto') return input.format;
  return detectFormat(input.text);
}

const HTML_DOCUMENT = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;

// Tags that only appear in real markup; a bare `<` as in "a < b" matches none.
const HTML_TAG =
  /<\/?(?:p|div|span|h[1-6]|article|section|main|header|footer|aside|nav|blockquote|ul|ol|li|table|tr|td|th|pre|code|em|strong|b|i|u|br|hr|img|figure|figcaption|a\s+href|script|style|iframe|meta|link|title)(?:\s[^<>]*)?\/?>/gi;

const STRONG_MARKDOWN = [
  /^#{1,6}[ \t]+\S/m, // ATX heading
  /\[[^\]\n]+\]\((?:https?:|mailto:)[^)\s]*(?:\s+"[^"\n]*")?\)/, // inline link
  /^ {0,3}(?:```|~~~)/m, // fenced code
];

// Each of these turns up in plain prose now and then, so only two different
// kinds together count. A numbered point and a footnote asterisk are both
// "list" and count once: plain articles have them side by side.
const WEAK_MARKDOWN = [
  /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S/m, // list item
  /^ {0,3}>[ \t]?\S/m, // quote
  /(?:\*\*|__)(?=\S)[^\n]*?\S(?:\*\*|__)/, // strong emphasis
  /^ {0,3}\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+/m, // table delimiter row
  /`[^`\n]+`/, // inline code
];

export function detectFormat(raw: string): ResolvedFormat {
  const text = raw.replace(/^\uFEFF/, '');
  if (HTML_DOCUMENT.test(text)) return 'html';
  const tags = text.match(HTML_TAG)?.length ?? 0;
  if (tags > 0 && /^\s*</.test(text)) return 'html';
  if (looksLikeMarkdown(text)) return 'markdown';
  return tags >= 2 ? 'html' : 'text';
}

function looksLikeMarkdown(text: string): boolean {
  if (STRONG_MARKDOWN.some((re) => re.test(text))) return true;
  return WEAK_MARKDOWN.filter((re) => re.test(text)).length >= 2;
}
