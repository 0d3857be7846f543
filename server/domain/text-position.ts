// Offsets in an article's plain text, and the way back to ProseMirror
// positions. Re-anchoring works on the plain text (`plainTextOf`) with string
// offsets in UTF-16 code units, as JavaScript strings count; the W3C Web
// Annotation TextPositionSelector counts code points; the editor counts
// ProseMirror positions. This module converts between the three.
//
// The surrogate-pair rule, used everywhere below: an offset that falls between
// the two halves of a pair snaps outwards, so that a range never splits a
// character. The start of a range snaps back to the pair's first half, the end
// of a range snaps forward past its second half.
import type { Node as PMNode } from 'prosemirror-model';
import { BLOCK_SEPARATOR, LEAF_TEXT, plainTextOf } from './plain-text';

/** Which end of a range an offset or position is: decides how it snaps. */
export type Side = 'start' | 'end';

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Last index in a sorted array whose key is <= value, or -1. */
function lastAtMost<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/**
 * Code point ↔ UTF-16 conversion for one string in O(log n) per lookup: it
 * keeps only where the surrogate pairs start, since every other code point is
 * one code unit. Lone surrogates count as one code point each, as `Array.from`
 * and `for…of` count them.
 */
export class CodePointMap {
  /** UTF-16 offsets where a surrogate pair starts, ascending. */
  private readonly pairs: number[] = [];
  /** Code point offset of each pair, so that the reverse lookup can bisect too. */
  private readonly pairCodePoints: number[] = [];
  readonly length: number;
  readonly codePointLength: number;

  constructor(text: string) {
    for (let i = 0; i < text.length - 1; i++) {
      if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
        this.pairCodePoints.push(i - this.pairs.length);
        this.pairs.push(i);
        i++;
      }
    }
    this.length = text.length;
    this.codePointLength = text.length - this.pairs.length;
  }

  /** Moves a UTF-16 offset out of a surrogate pair (see the rule at the top), clamped to the string. */
  snap(utf16: number, side: Side): number {
    const offset = clamp(Math.trunc(utf16) || 0, 0, this.length);
    const k = lastAtMost(this.pairs, offset - 1, (p) => p);
    if (k >= 0 && this.pairs[k] === offset - 1) return side === 'start' ? offset - 1 : offset + 1;
    return offset;
  }

  toCodePoint(utf16: number, side: Side = 'start'): number {
    const offset = this.snap(utf16, side);
    // Pairs starting before a snapped offset lie wholly before it.
    return offset - (lastAtMost(this.pairs, offset - 1, (p) => p) + 1);
  }

  toUtf16(codePoint: number): number {
    const cp = clamp(Math.trunc(codePoint) || 0, 0, this.codePointLength);
    return cp + (lastAtMost(this.pairCodePoints, cp - 1, (c) => c) + 1);
  }
}

/** Code points in `text` before `utf16Offset`; an offset inside a pair snaps by `side`. O(n). */
export function codePointOffset(text: string, utf16Offset: number, side: Side = 'start'): number {
  return new CodePointMap(text).toCodePoint(utf16Offset, side);
}

/** UTF-16 offset of the `codePoint`-th code point of `text` (clamped to the string). O(n). */
export function utf16Offset(text: string, codePoint: number): number {
  return new CodePointMap(text).toUtf16(codePoint);
}

/** A run of inline content: a text node, or a leaf such as hard_break. */
interface Segment {
  pos: number;
  size: number;
  offset: number;
  length: number;
  isText: boolean;
}

/** A textblock: its content positions `from`..`to` hold plain text `offset`..`endOffset`. */
interface Block {
  from: number;
  to: number;
  offset: number;
  endOffset: number;
  segments: Segment[];
}

/**
 * Maps a document's positions to offsets in its plain text and back, in
 * O(log n) per lookup, built once per document. It mirrors what
 * `Node.textBetween` does with `BLOCK_SEPARATOR` and `LEAF_TEXT`: a separator
 * before every textblock but the first (empty ones included), leaf text for
 * every inline leaf.
 */
export class TextIndex {
  readonly codePoints: CodePointMap;

  constructor(
    readonly text: string,
    private readonly blocks: Block[],
  ) {
    this.codePoints = new CodePointMap(text);
  }

  /**
   * Plain-text offset of a position. Inline positions have exactly one; a
   * position between blocks goes to the start of the next textblock when it
   * starts a range and to the end of the previous one when it ends a range.
   */
  toOffset(pos: number, side: Side): number {
    const i = lastAtMost(this.blocks, pos, (b) => b.from);
    const block = this.blocks[i];
    if (!block) return 0;
    if (pos > block.to) {
      const next = this.blocks[i + 1];
      return side === 'start' && next ? next.offset : block.endOffset;
    }
    const seg = block.segments[lastAtMost(block.segments, pos, (s) => s.pos)];
    if (!seg) return block.offset;
    if (seg.isText) return seg.offset + Math.min(pos - seg.pos, seg.length);
    return pos === seg.pos ? seg.offset : seg.offset + seg.length;
  }

  /**
   * Position of a plain-text offset. An offset on a block separator goes to
   * the start of the next textblock for a range start and to the end of the
   * previous one for a range end; inside a multi-character leaf, to the leaf's
   * start or end. Offsets outside the text are clamped.
   */
  toPos(offset: number, side: Side): number {
    const i = Math.max(
      0,
      lastAtMost(this.blocks, offset, (b) => b.offset),
    );
    const block = this.blocks[i];
    if (!block) return 0;
    if (offset > block.endOffset) {
      const next = this.blocks[i + 1];
      return side === 'start' && next ? next.from : block.to;
    }
    const seg = block.segments[lastAtMost(block.segments, offset, (s) => s.offset)];
    if (!seg) return block.from;
    if (seg.isText) return seg.pos + Math.max(0, offset - seg.offset);
    if (offset === seg.offset) return seg.pos;
    return side === 'start' && offset < seg.offset + seg.length ? seg.pos : seg.pos + seg.size;
  }

  /** Whether a position lies inside a textblock's content, where a range may start or end. */
  isInline(pos: number): boolean {
    const block = this.blocks[lastAtMost(this.blocks, pos, (b) => b.from)];
    return !!block && Number.isInteger(pos) && pos <= block.to;
  }

  /** Whether an offset is a boundary some position maps to (not on a separator, not inside a leaf). */
  isPositionOffset(offset: number): boolean {
    return Number.isInteger(offset) && this.toOffset(this.toPos(offset, 'start'), 'start') === offset;
  }

  /**
   * Shrinks a plain-text range so that it neither starts nor ends with a block
   * separator, and snaps it out of surrogate pairs. Null when nothing but
   * separators is left.
   */
  trimToBlocks(start: number, end: number): { start: number; end: number } | null {
    // The first block with text after `start` and the last one with text before
    // `end`; empty blocks in between are skipped, or the range would keep the
    // separator next to them.
    const isEmpty = (b: Block) => b.endOffset === b.offset;
    let f = lastAtMost(this.blocks, start, (b) => b.endOffset) + 1;
    while (f < this.blocks.length && isEmpty(this.blocks[f])) f++;
    let l = lastAtMost(this.blocks, end - 1, (b) => b.offset);
    while (l >= 0 && isEmpty(this.blocks[l])) l--;
    const first = this.blocks[f];
    const last = this.blocks[l];
    if (!first || !last) return null;
    const s = this.codePoints.snap(Math.max(start, first.offset), 'start');
    const e = this.codePoints.snap(Math.min(end, last.endOffset), 'end');
    return s < e ? { start: s, end: e } : null;
  }
}

/**
 * Builds a TextIndex one node at a time, in document order: buildTextIndex
 * walks a whole document at once; a long one can be walked a top-level block
 * at a time, with pauses between (server/services/article-text.ts).
 */
export class TextIndexBuilder {
  private readonly blocks: Block[] = [];
  private offset = 0;

  /** A `descendants` callback: the node at `pos` (a document position). */
  readonly visit = (node: PMNode, pos: number): boolean => {
    if (node.isTextblock) {
      if (this.blocks.length > 0) this.offset += BLOCK_SEPARATOR.length;
      this.blocks.push({ from: pos + 1, to: pos + 1 + node.content.size, offset: this.offset, endOffset: this.offset, segments: [] });
      return true;
    }
    const block = this.blocks[this.blocks.length - 1];
    if (!node.isInline || !block) return true;
    const length = node.isText ? (node.text ?? '').length : node.isLeaf ? LEAF_TEXT.length : 0;
    block.segments.push({ pos, size: node.nodeSize, offset: this.offset, length, isText: node.isText });
    this.offset += length;
    block.endOffset = this.offset;
    return false;
  };

  /** The index, over the document's plain text (`plainTextOf(doc)`, or the same text kept beside it). */
  finish(text: string): TextIndex {
    // The walk restates textBetween's rules; if the schema ever grows a
    // node they do not cover (a block leaf, an inline node with content), fail
    // loudly here rather than anchor annotations on shifted text.
    if (this.offset !== text.length) {
      throw new Error(`TextIndex is out of step with plainTextOf: ${this.offset} ≠ ${text.length} characters`);
    }
    return new TextIndex(text, this.blocks);
  }
}

export function buildTextIndex(doc: PMNode): TextIndex {
  const builder = new TextIndexBuilder();
  doc.descendants(builder.visit);
  return builder.finish(plainTextOf(doc));
}

/** A W3C TextPositionSelector: code point offsets into the plain text. */
export interface TextPosition {
  start: number;
  end: number;
}

export function toTextPosition(index: TextIndex, from: number, to: number): TextPosition {
  return {
    start: index.codePoints.toCodePoint(index.toOffset(from, 'start'), 'start'),
    end: index.codePoints.toCodePoint(index.toOffset(to, 'end'), 'end'),
  };
}

/**
 * Positions of a text position; null when it is malformed, outside the text,
 * or lies wholly inside one block separator (no position range holds it).
 */
export function fromTextPosition(index: TextIndex, position: TextPosition): { from: number; to: number } | null {
  const { start, end } = position;
  const cps = index.codePoints.codePointLength;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > cps || start > end) return null;
  const from = index.toPos(index.codePoints.toUtf16(start), 'start');
  const to = index.toPos(index.codePoints.toUtf16(end), 'end');
  if (start === end) return from <= to ? { from, to: from } : null;
  return from < to ? { from, to } : null;
}
