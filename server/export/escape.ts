// Escaping for the HTML export. Every attribute the export writes is double-quoted,
// so one escaper that covers & < > " ' is safe in both text and attribute values.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** For values inside `attr="…"`; a separate name so call sites say where the value lands. */
export const escapeAttr = escapeHtml;
