import type { Node as PMNode } from 'prosemirror-model';
import { quoteAt } from '../domain/anchoring';
import { buildTextIndex, toTextPosition, type TextIndex } from '../domain/text-position';

/**
 * Where an annotation sits, as stored: ProseMirror positions, the quote with
 * its context, and the W3C TextPositionSelector (code points).
 */
export function anchorColumns(doc: PMNode, range: { from: number; to: number }, index: TextIndex = buildTextIndex(doc)) {
  const position = toTextPosition(index, range.from, range.to);
  return {
    anchorFrom: range.from,
    anchorTo: range.to,
    ...quoteAt(doc, range.from, range.to),
    textStart: position.start,
    textEnd: position.end,
  };
}
