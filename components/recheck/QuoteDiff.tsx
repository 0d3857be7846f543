// The quote a verdict was given on against the quote now, character by
// character (server/domain/quote-change.ts): removed text struck through,
// added text underlined, and numbers or dates that changed in bold, each said
// in words too so a screen reader hears what changed, not only sees it.
import { quoteDiff, type DiffPart } from '@/server/domain/quote-change';

export function QuoteDiff({ before, after }: { before: string; after: string }) {
  return (
    <p className="quote-diff">
      “
      {quoteDiff(before, after).map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed sequence for this pair of quotes.
        <Part key={i} part={part} />
      ))}
      ”
    </p>
  );
}

function Part({ part }: { part: DiffPart }) {
  if (part.kind === 'same') return <span>{part.text}</span>;
  const Tag = part.kind === 'removed' ? 'del' : 'ins';
  return (
    <Tag className={part.figure ? 'is-figure' : undefined}>
      <span className="visually-hidden">[{part.kind}: </span>
      {part.text}
      <span className="visually-hidden">]</span>
    </Tag>
  );
}
