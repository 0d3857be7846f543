// Small checks shared by the zod schemas; no imports, so any schema module can use them.

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const LONE_SURROGATE_MESSAGE = 'Text contains an invalid character (a lone surrogate)';

/** False for a string with half of a UTF-16 pair on its own, which UTF-8 (and so the database) cannot keep as is. */
export function isWellFormedText(value: string): boolean {
  // String.prototype.isWellFormed, spelled out: the forms share these schemas with older browsers.
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}
