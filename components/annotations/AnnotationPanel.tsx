'use client';
// The open annotation sits beside its claim, as comments do in a document
// editor: on wide screens it starts level with the highlight, so the claim and
// its form are on screen together and the article never scrolls away; on
// narrow screens it is a bottom sheet over the article, and the claim is
// scrolled to just under the toolbar, above the sheet.
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/** Must match the breakpoint in globals.css where the two columns become one. */
const NARROW = '(max-width: 60rem)';

interface Props {
  /** Changes when another annotation (or a new selection) is opened. */
  placeKey: string;
  /** The claim's place on screen now. */
  claimRect: () => { top: number; bottom: number } | null;
  children: ReactNode;
}

export function AnnotationPanel({ placeKey, claimRect, children }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  const latestRect = useRef(claimRect);
  latestRect.current = claimRect;

  // biome-ignore lint/correctness/useExhaustiveDependencies: placeKey is the trigger (another claim, another size of form); the claim's rectangle is read fresh through latestRect.
  useLayoutEffect(() => {
    const place = () => {
      const el = panel.current;
      const column = el?.parentElement;
      const claim = latestRect.current();
      if (!el || !column || !claim) return setOffset(0);
      if (window.matchMedia(NARROW).matches) {
        setOffset(0);
        keepAboveSheet(claim, el);
        return;
      }
      // Level with the claim: the distance from the top of the side column, which does not change with scrolling.
      setOffset(Math.max(0, claim.top - column.getBoundingClientRect().top));
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [placeKey]);

  // Once placed: a claim near the bottom of the screen would have its form below the fold, so bring both up, the claim staying in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once the panel has moved (offset) or holds another claim (placeKey); it measures the DOM, not those values.
  useLayoutEffect(() => {
    const top = panel.current?.getBoundingClientRect().top;
    if (top === undefined || window.matchMedia(NARROW).matches || top < window.innerHeight * 0.55) return;
    window.scrollBy({ top: top - window.innerHeight * 0.25, behavior: 'instant' as ScrollBehavior });
  }, [offset, placeKey]);

  return (
    <div ref={panel} className="annotation-panel" style={{ ['--panel-offset' as string]: `${offset}px` }}>
      {children}
    </div>
  );
}

/** On a phone the sheet covers the lower part of the screen: bring the claim up under the toolbar if it is hidden. */
function keepAboveSheet(claim: { top: number; bottom: number }, sheet: HTMLElement) {
  const toolbar = document.querySelector('.toolbar')?.getBoundingClientRect().bottom ?? 0;
  const sheetTop = sheet.getBoundingClientRect().top;
  if (claim.top >= toolbar && claim.bottom <= sheetTop) return;
  window.scrollBy({ top: claim.top - toolbar - 12, behavior: 'instant' as ScrollBehavior });
}
