// What the reader has selected, in the terms an annotation needs.
import type { EditorState } from 'prosemirror-state';
import { textBetween } from '@/server/domain/plain-text';

export type SelectionInfo = { ok: true; from: number; to: number; exact: string } | { ok: false; reason: string };

const isSpace = (s: string) => s.length === 1 && s.trim() === '';

export function selectionInfo(state: EditorState): SelectionInfo {
  let { from, to } = state.selection;
  const { empty } = state.selection;
  // Double-clicking a word often takes the space after it; a quote should not start or end with one.
  while (from < to && isSpace(textBetween(state.doc, from, from + 1))) from++;
  while (to > from && isSpace(textBetween(state.doc, to - 1, to))) to--;
  if (empty) return { ok: false, reason: 'Select the text of a claim in the article first' };
  const exact = textBetween(state.doc, from, to);
  if (from >= to || exact.trim() === '') return { ok: false, reason: 'The selection contains only whitespace' };
  if (!state.doc.resolve(from).parent.inlineContent || !state.doc.resolve(to).parent.inlineContent) {
    return { ok: false, reason: 'Select text inside the article' };
  }
  return { ok: true, from, to, exact };
}
