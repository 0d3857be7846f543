// The article's ProseMirror schema. Plain TypeScript with no DOM or Node globals:
// the server validates and exports documents with it, the browser renders them.
import { Schema, type DOMOutputSpec, type Node as PMNode } from 'prosemirror-model';

/** Only these schemes survive as link targets in imported articles. */
export const SAFE_LINK_PROTOCOLS = ['http:', 'https:', 'mailto:'] as const;

export function isSafeLinkHref(href: string): boolean {
  try {
    return (SAFE_LINK_PROTOCOLS as readonly string[]).includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

export const articleSchema = new Schema({
  nodes: {
    // The headline is part of the document so that its claims can be annotated too.
    doc: { content: 'title block*' },
    title: {
      content: 'inline*',
      defining: true,
      parseDOM: [{ tag: 'h1' }],
      toDOM: (): DOMOutputSpec => ['h1', { class: 'article-title' }, 0],
    },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }],
      toDOM: (): DOMOutputSpec => ['p', 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      attrs: { level: { default: 2, validate: 'number' } },
      defining: true,
      parseDOM: [2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
      toDOM: (node): DOMOutputSpec => [`h${headingLevel(node)}`, 0],
    },
    blockquote: {
      group: 'block',
      content: 'block+',
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: (): DOMOutputSpec => ['blockquote', 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ul' }],
      toDOM: (): DOMOutputSpec => ['ul', 0],
    },
    ordered_list: {
      group: 'block',
      content: 'list_item+',
      attrs: { order: { default: 1, validate: 'number' } },
      parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute('start') ?? 1) || 1 }) }],
      toDOM: (node): DOMOutputSpec => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs.order) }, 0]),
    },
    list_item: {
      content: 'paragraph block*',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: (): DOMOutputSpec => ['li', 0],
    },
    text: { group: 'inline' },
    hard_break: {
      group: 'inline',
      inline: true,
      selectable: false,
      leafText: () => '\n',
      parseDOM: [{ tag: 'br' }],
      toDOM: (): DOMOutputSpec => ['br'],
    },
  },
  marks: {
    link: {
      attrs: { href: { validate: 'string' }, title: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href'), title: (dom as HTMLElement).getAttribute('title') }),
        },
      ],
      toDOM: (mark): DOMOutputSpec => [
        'a',
        {
          href: isSafeLinkHref(mark.attrs.href) ? mark.attrs.href : '#',
          title: mark.attrs.title ?? undefined,
          rel: 'noopener noreferrer nofollow',
          target: '_blank',
        },
        0,
      ],
    },
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: (): DOMOutputSpec => ['em', 0] },
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: (): DOMOutputSpec => ['strong', 0] },
    code: { parseDOM: [{ tag: 'code' }], toDOM: (): DOMOutputSpec => ['code', 0] },
  },
});

export function headingLevel(node: PMNode): number {
  const level = Number(node.attrs.level);
  return Math.min(6, Math.max(2, Number.isInteger(level) ? level : 2));
}

export type ArticleDocJSON = ReturnType<PMNode['toJSON']>;

/**
 * Parses stored JSON into a document and checks it against the schema, so a
 * corrupt or hand-made body is refused instead of half-rendered.
 */
export function articleDocFromJSON(json: unknown): PMNode {
  const doc = articleSchema.nodeFromJSON(json);
  doc.check();
  return doc;
}
