'use client';
// "Annotate selection" on exactly the text of an existing annotation is more
// often a slip than a second opinion: ask before making a duplicate.
// Overlapping annotations on other spans are ordinary and are not asked about.
import { useEffect, useId, useRef } from 'react';

/** The first annotation on exactly from–to, if any. */
export function findSameSpan<T extends { from: number; to: number }>(annotations: Iterable<T>, from: number, to: number): T | undefined {
  for (const a of annotations) if (a.from === from && a.to === to) return a;
  return undefined;
}

interface Props {
  verdictLabel: string;
  onOpen: () => void;
  onAnnotateAgain: () => void;
  onDismiss: () => void;
}

export function SameSpanQuestion({ verdictLabel, onOpen, onAnnotateAgain, onDismiss }: Props) {
  const id = useId();
  const openRef = useRef<HTMLButtonElement>(null);
  // Keyboard users pressed a shortcut in the article: the answer is where they are now.
  useEffect(() => openRef.current?.focus(), []);
  return (
    <fieldset
      aria-labelledby={id}
      className="notice same-span"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onDismiss();
        }
      }}
    >
      <p id={id}>This text already has an annotation ({verdictLabel}). Open it, or annotate it again?</p>
      <button type="button" ref={openRef} onClick={onOpen}>
        Open it
      </button>{' '}
      <button type="button" onClick={onAnnotateAgain}>
        Annotate again
      </button>
    </fieldset>
  );
}
