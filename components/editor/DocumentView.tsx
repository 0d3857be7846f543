// A read-only rendering of an article document, for earlier revisions.
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { ReactNode } from 'react';
import { headingLevel, isSafeLinkHref } from '@/server/domain/article-schema';

function withMarks(text: ReactNode, marks: readonly Mark[], key: number): ReactNode {
  return marks.reduceRight<ReactNode>((inner, mark) => {
    switch (mark.type.name) {
      case 'em':
        return <em key={key}>{inner}</em>;
      case 'strong':
        return <strong key={key}>{inner}</strong>;
      case 'code':
        return <code key={key}>{inner}</code>;
      case 'link':
        return isSafeLinkHref(mark.attrs.href) ? (
          <a key={key} href={mark.attrs.href} rel="noopener noreferrer nofollow">
            {inner}
          </a>
        ) : (
          inner
        );
      default:
        return inner;
    }
  }, text);
}

function children(node: PMNode): ReactNode[] {
  const out: ReactNode[] = [];
  node.forEach((child, _offset, i) => {
    out.push(render(child, i));
  });
  return out;
}

function render(node: PMNode, key: number): ReactNode {
  switch (node.type.name) {
    case 'text':
      return withMarks(node.text, node.marks, key);
    case 'hard_break':
      return <br key={key} />;
    case 'title':
      return (
        <h1 key={key} className="article-title">
          {children(node)}
        </h1>
      );
    case 'heading': {
      const Tag = `h${headingLevel(node)}` as 'h2';
      return <Tag key={key}>{children(node)}</Tag>;
    }
    case 'paragraph':
      return <p key={key}>{children(node)}</p>;
    case 'blockquote':
      return <blockquote key={key}>{children(node)}</blockquote>;
    case 'bullet_list':
      return <ul key={key}>{children(node)}</ul>;
    case 'ordered_list':
      return (
        <ol key={key} start={node.attrs.order}>
          {children(node)}
        </ol>
      );
    case 'list_item':
      return <li key={key}>{children(node)}</li>;
    default:
      return <div key={key}>{children(node)}</div>;
  }
}

export function DocumentView({ doc }: { doc: PMNode }) {
  return <div className="article-body">{children(doc)}</div>;
}
