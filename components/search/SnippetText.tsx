// A matching text with the search terms marked: React nodes built from the
// server's parts, so nothing typed by anyone is ever read as HTML.
import type { SnippetPart } from '@/server/domain/search.types';

export function SnippetText({ parts }: { parts: SnippetPart[] }) {
  return (
    <>
      {parts.map((part, i) =>
        part.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move; their order is the text.
          <mark key={i}>{part.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move; their order is the text.
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
