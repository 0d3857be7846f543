// Markdown → article blocks. Markdown may carry raw HTML, so it is rendered to
// HTML first and read by the same allow-list as an HTML import: there is one
// sanitiser, not two that can disagree.
import { Marked } from 'marked';
import { htmlToBlocks, type HtmlBlocks } from './html';

// An instance of our own, so no other module's `marked.use()` changes imports.
const marked = new Marked({ gfm: true, breaks: false });

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

export function markdownToBlocks(markdown: string): HtmlBlocks {
  return htmlToBlocks(markdownToHtml(markdown), { fragment: true });
}
