// An earlier revision of an article as read-only HTML, for the revision page.
// It is rendered in the worker pool (a 2 MB revision takes the better part of
// a second to parse and render) and written into the page as it is, so it
// produces the markup React did for the same document when the page rendered
// it as components: the same elements, the same escaping.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { headingLevel, isSafeLinkHref } from '../domain/article-schema';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
/** As React escapes text and attribute values. */
const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

function withMarks(text: string, marks: readonly Mark[]): string {
  // The first mark is the outermost element, as the editor nests them.
  return marks.reduceRight((inner, mark) => {
    switch (mark.type.name) {
      case 'em':
        return `<em>${inner}</em>`;
      case 'strong':
        return `<strong>${inner}</strong>`;
      case 'code':
        return `<code>${inner}</code>`;
      case 'link': {
        const href = String(mark.attrs.href);
        return isSafeLinkHref(href) ? `<a href="${escapeText(href)}" rel="noopener noreferrer nofollow">${inner}</a>` : inner;
      }
      default:
        return inner;
    }
  }, escapeText(text));
}

function children(node: PMNode): string {
  let out = '';
  node.forEach((child) => {
    out += render(child);
  });
  return out;
}

function render(node: PMNode): string {
  switch (node.type.name) {
    case 'text':
      return withMarks(node.text ?? '', node.marks);
    case 'hard_break':
      return '<br/>';
    case 'title':
      return `<h1 class="article-title">${children(node)}</h1>`;
    case 'heading': {
      const level = headingLevel(node);
      return `<h${level}>${children(node)}</h${level}>`;
    }
    case 'paragraph':
      return `<p>${children(node)}</p>`;
    case 'blockquote':
      return `<blockquote>${children(node)}</blockquote>`;
    case 'bullet_list':
      return `<ul>${children(node)}</ul>`;
    case 'ordered_list': {
      const start = node.attrs.order;
      return `<ol${start === null || start === undefined ? '' : ` start="${escapeText(String(start))}"`}>${children(node)}</ol>`;
    }
    case 'list_item':
      return `<li>${children(node)}</li>`;
    default:
      return `<div>${children(node)}</div>`;
  }
}

/** The document's body: what goes inside the page's `.article-body` element. */
export function revisionHtml(doc: PMNode): string {
  return children(doc);
}
