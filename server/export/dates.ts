// Dates in the export, always in UTC so a page reads the same wherever it is opened.

/** 25 November 2026: a fixed locale and zone, so the export reads the same wherever it is made. */
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The date, or null when `value` is not one. */
export function parseDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** YYYY-MM-DD, the form schema.org and `<time datetime>` both take. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function longDate(date: Date): string {
  // Intl numbers years before 1 AD by era (year 0 comes out as "1", meaning 1 BC); the year is written as stored.
  return LONG_DATE.formatToParts(date)
    .map((part) => (part.type === 'year' ? String(date.getUTCFullYear()) : part.value))
    .join('');
}

/** YYYY-MM-DD of a timestamp, or null when it is not one. */
export function isoDayOf(value: string): string | null {
  const date = parseDate(value);
  return date && isoDay(date);
}

/**
 * `value` when it is a real calendar day written YYYY-MM-DD. Date parsing alone
 * would accept 2024-02-30 as 1 March, which is not what the checker typed.
 */
export function strictIsoDay(value: string | null): string | null {
  if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return isoDayOf(value) === value ? value : null;
}
