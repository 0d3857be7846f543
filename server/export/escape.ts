// Escaping for the HTML export. Every attribute the export writes is double-quoted,
// so one escaper that covers & < > " ' is safe in both text and attribute values.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** U+FFFE and U+FFFF of every plane. */
const PLANE_NONCHARACTERS = Array.from({ length: 17 }, (_, plane) => `\\u{${plane.toString(16)}fffe}\\u{${plane.toString(16)}ffff}`).join(
  '',
);

/**
 * Code points the HTML parser reports as errors: controls other than ASCII
 * whitespace (NUL included, which browsers drop from text), noncharacters, and
 * lone surrogates (which cannot be encoded as UTF-8 at all). They carry no
 * meaning in an article, and leaving them in makes the page invalid and lets a
 * value read differently in different parsers, so they become U+FFFD, which is
 * what a browser shows for a NUL in an attribute anyway.
 */
const UNREPRESENTABLE = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000e-\\u001f\\u007f-\\u009f\\ufdd0-\\ufdef${PLANE_NONCHARACTERS}\\ud800-\\udfff]`,
  'gu',
);

export function escapeHtml(text: string): string {
  return text.replace(UNREPRESENTABLE, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** For values inside `attr="…"`; a separate name so call sites say where the value lands. */
export const escapeAttr = escapeHtml;

const SCRIPT_UNSAFE = new RegExp(`[<>&\\u2028\\u2029\\u007f-\\u009f\\ufdd0-\\ufdef${PLANE_NONCHARACTERS}]`, 'gu');

/**
 * JSON for the body of a `<script type="application/ld+json">`. Script content
 * is raw text that ends at the first `</script`, and `<!--` changes how it is
 * parsed, so `<`, `>` and `&` are written as \u escapes, which JSON reads back as
 * the same characters. U+2028/2029 are escaped for JavaScript consumers that
 * still treat them as line ends, and the code points that are HTML parse errors
 * (above) are escaped so the value survives exactly; JSON.stringify already
 * escapes C0 controls and lone surrogates.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('Value cannot be serialized as JSON');
  return json.replace(SCRIPT_UNSAFE, (c) =>
    c
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}
