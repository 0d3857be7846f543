// Splits possibly overlapping ranges into non-overlapping segments, each naming
// every range that covers it. The editor's highlights and the export's <mark>s
// both use it, so an overlap looks the same in both places.

export interface Range {
  id: string;
  from: number;
  to: number;
}

export interface Segment {
  from: number;
  to: number;
  /** Every range covering the segment, outermost (earliest start, then longest) first. */
  ids: string[];
}

export function compareRanges(a: Range, b: Range): number {
  return a.from - b.from || b.to - a.to || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Segments of `ranges`, optionally clipped to `[clipFrom, clipTo]`. Empty ranges
 * are ignored. Runs in O(n log n + output).
 */
export function segmentRanges(ranges: readonly Range[], clipFrom = -Infinity, clipTo = Infinity): Segment[] {
  const live = ranges
    .map((r) => ({ id: r.id, from: Math.max(r.from, clipFrom), to: Math.min(r.to, clipTo) }))
    .filter((r) => r.to > r.from)
    .sort(compareRanges);
  const order = new Map(live.map((r, i) => [r.id, i]));
  const boundaries = [...new Set(live.flatMap((r) => [r.from, r.to]))].sort((a, b) => a - b);

  const segments: Segment[] = [];
  const covering = new Set<Range>();
  let next = 0;
  for (let i = 0; i < boundaries.length - 1; i++) {
    const from = boundaries[i];
    const to = boundaries[i + 1];
    for (const r of covering) if (r.to <= from) covering.delete(r);
    while (next < live.length && live[next].from <= from) {
      if (live[next].to > from) covering.add(live[next]);
      next++;
    }
    if (covering.size === 0) continue;
    const ids = [...covering].sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((r) => r.id);
    segments.push({ from, to, ids });
  }
  return segments;
}
