// What the reader last pointed at in the article, and what the toolbar says
// about it: the selection, a hint why "Annotate selection" cannot go ahead,
// where the keyboard's jump landed, and the question asked when the selected
// text is annotated already. One reducer: each event changes several of them.
import { useReducer } from 'react';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import type { SelectionInfo } from '../editor/selection';
import type { Anchor } from '../annotations/store/types';

export interface SelectionHints {
  selection: SelectionInfo;
  hint: string | null;
  jumpHint: string | null;
  sameSpan: { existing: AnnotationSummary; anchor: Anchor } | null;
}

type Event =
  | { type: 'selected'; info: SelectionInfo }
  | { type: 'hint'; text: string | null }
  | { type: 'jumped'; text: string }
  | { type: 'sameSpan'; existing: AnnotationSummary; anchor: Anchor }
  /** An annotation opens: what was said about the selection is done with. */
  | { type: 'opened' }
  /** The same-span question is answered or dismissed. */
  | { type: 'answered' };

const NO_SELECTION: SelectionInfo = { ok: false, reason: 'Select the text of a claim in the article first' };
const INITIAL: SelectionHints = { selection: NO_SELECTION, hint: null, jumpHint: null, sameSpan: null };

function reduce(state: SelectionHints, event: Event): SelectionHints {
  switch (event.type) {
    case 'selected':
      return { selection: event.info, sameSpan: null, jumpHint: null, hint: event.info.ok ? null : state.hint };
    case 'hint':
      return { ...state, hint: event.text };
    case 'jumped':
      return { ...state, jumpHint: event.text };
    case 'sameSpan':
      return { ...state, hint: null, sameSpan: { existing: event.existing, anchor: event.anchor } };
    case 'opened':
      return { ...state, hint: null, sameSpan: null };
    case 'answered':
      return { ...state, sameSpan: null };
  }
}

/** The toolbar's words: a hint first, then the jump, then what is selected. */
export function hintText({ hint, jumpHint, selection }: SelectionHints): string {
  return (
    hint ??
    jumpHint ??
    (selection.ok ? `“${selection.exact.length > 50 ? `${selection.exact.slice(0, 49)}…` : selection.exact}” selected` : '')
  );
}

export function useSelectionHints() {
  return useReducer(reduce, INITIAL);
}
