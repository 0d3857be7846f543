// Anchors tie an annotation to the article: ProseMirror positions plus a text
// quote (exact text and a little context), as the Hypothesis client does. The
// positions are cheap to use; the quote lets us check them, and later find the
// text again when positions no longer fit.
import type { Node as PMNode } from 'prosemirror-model';
import { QUOTE_CONTEXT_LENGTH } from './limits';
import { textBetween } from './plain-text';

export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Anchor extends TextQuote {
  from: number;
  to: number;
}

// Context is sliced in code points so that a prefix never starts with half of a surrogate pair.
const lastCodePoints = (s: string, n: number) => Array.from(s).slice(-n).join('');
const firstCodePoints = (s: string, n: number) => Array.from(s).slice(0, n).join('');

// Enough positions to yield QUOTE_CONTEXT_LENGTH characters: each position holds at most one character.
const CONTEXT_WINDOW = QUOTE_CONTEXT_LENGTH * 4;

export function quoteAt(doc: PMNode, from: number, to: number): TextQuote {
  const size = doc.content.size;
  return {
    exact: textBetween(doc, from, to),
    prefix: lastCodePoints(textBetween(doc, Math.max(0, from - CONTEXT_WINDOW), from), QUOTE_CONTEXT_LENGTH),
    suffix: firstCodePoints(textBetween(doc, to, Math.min(size, to + CONTEXT_WINDOW)), QUOTE_CONTEXT_LENGTH),
  };
}

/** A refusal's `reason` is a sentence for people; services send it with the reason code 'anchor_mismatch' (server/domain/reasons.ts). */
export type AnchorCheck = { ok: true; anchor: Anchor } | { ok: false; reason: string };

const preview = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s);

/**
 * Checks positions sent by a client against the article: they must lie inside
 * its text, select something besides whitespace, and select exactly `exact`.
 */
export function checkAnchor(doc: PMNode, claim: { from: number; to: number; exact: string }): AnchorCheck {
  const { from, to, exact } = claim;
  const size = doc.content.size;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > size || from >= to) {
    return { ok: false, reason: `The selection ${from}–${to} is outside the article (positions 0–${size})` };
  }
  const start = doc.resolve(from);
  const end = doc.resolve(to);
  if (!start.parent.inlineContent || !end.parent.inlineContent) {
    return { ok: false, reason: 'The selection must start and end inside the article’s text' };
  }
  if (splitsSurrogatePair(doc, from) || splitsSurrogatePair(doc, to)) {
    return { ok: false, reason: 'The selection starts or ends in the middle of a character' };
  }
  const quote = quoteAt(doc, from, to);
  if (quote.exact.trim() === '') {
    return { ok: false, reason: 'The selection contains only whitespace' };
  }
  if (quote.exact !== exact) {
    return {
      ok: false,
      reason: `The selected text does not match the article: the article has ${preview(quote.exact)} at ${from}–${to}, not ${preview(exact)}`,
    };
  }
  return { ok: true, anchor: { from, to, ...quote } };
}

/** ProseMirror counts UTF-16 units, so a position can fall between the two halves of an emoji. */
function splitsSurrogatePair(doc: PMNode, pos: number): boolean {
  const $pos = doc.resolve(pos);
  const before = $pos.nodeBefore;
  const after = $pos.nodeAfter;
  // Inside one text node, resolve() reports the same node on both sides, split at the position.
  if (!before?.isText || !after?.isText || $pos.textOffset === 0) return false;
  const text = before.text!;
  const code = text.charCodeAt(text.length - 1);
  return code >= 0xd800 && code <= 0xdbff;
}

/** First occurrence of `exact` inside a single textblock, as positions; null if absent. */
export function findQuote(doc: PMNode, exact: string): { from: number; to: number } | null {
  let found: { from: number; to: number } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (!node.isTextblock) return true;
    const text = textBetween(node, 0, node.content.size);
    const index = text.indexOf(exact);
    if (index < 0) return false;
    // Walk the block's inline children to turn the character offset into positions.
    const start = offsetToPos(node, index);
    const end = offsetToPos(node, index + exact.length);
    found = { from: pos + 1 + start, to: pos + 1 + end };
    return false;
  });
  return found;
}

function offsetToPos(textblock: PMNode, offset: number): number {
  let remaining = offset;
  let pos = 0;
  for (let i = 0; i < textblock.childCount; i++) {
    const child = textblock.child(i);
    const length = child.isText ? child.text!.length : (child.type.spec.leafText?.(child) ?? '').length;
    if (remaining <= length && child.isText) return pos + remaining;
    if (remaining < length) return pos;
    remaining -= length;
    pos += child.nodeSize;
  }
  return pos;
}
