// The quote a verdict was given on against the quote now, character by
// character (server/domain/quote-change.ts): removed text struck through,
// added text underlined, and numbers or dates that changed in bold, each said
// in words too so a screen reader hears what changed, not only sees it.
import { quoteDiff } from '@/server/domain/quote-change';

export function QuoteDiff({ before, after }: { before: string; after: string }) {
  const parts = quoteDiff(before, after);
  return (
    <p className="quote-diff">
      “
      {parts.map((part, i) => {
        const className = part.figure ? 'is-figure' : undefined;
        if (part.kind === 'removed')
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed sequence for this pair of quotes.
            <del key={i} className={className}>
              <span className="visually-hidden">[removed: </span>
              {part.text}
              <span className="visually-hidden">]</span>
            </del>
          );
        if (part.kind === 'added')
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above.
            <ins key={i} className={className}>
              <span className="visually-hidden">[added: </span>
              {part.text}
              <span className="visually-hidden">]</span>
            </ins>
          );
        // biome-ignore lint/suspicious/noArrayIndexKey: as above.
        return <span key={i}>{part.text}</span>;
      })}
      ”
    </p>
  );
}
