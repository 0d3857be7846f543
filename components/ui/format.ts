/** 25 Nov 2026: fixed locale and zone so server and browser agree. One formatter, made once, for every date shown. */
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A short, unambiguous date: 25 Nov 2026. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return SHORT_DATE.format(date);
}
