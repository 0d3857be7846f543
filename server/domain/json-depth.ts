// How deeply a JSON value nests, checked without recursion: client-supplied
// JSON (an imported annotation file) is refused before any recursive code
// (JSON.stringify, zod, our own walks) can overflow the stack on it.
// JSON.parse itself is iterative in V8, so a 10 KB body nested 5,000 deep
// parses fine and only the walks after it are at risk.

/** Deepest nesting accepted in client JSON: annotation files nest 6 or 7 levels. */
export const MAX_JSON_DEPTH = 64;

export const JSON_TOO_DEEP = `The file is nested too deeply (more than ${MAX_JSON_DEPTH} levels) to be an annotation collection.`;

/**
 * Whether `value` nests arrays or objects more than `max` levels deep (a
 * scalar is depth 0, `[]` and `{}` depth 1). An explicit stack, so any depth
 * is safe; it stops at the first path that goes too deep.
 */
export function nestedDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
