/** 25 Nov 2026: fixed locale and zone so server and browser agree. One formatter, made once, for every date shown. */
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A short, unambiguous date: 25 Nov 2026. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return SHORT_DATE.format(date);
}

let local: Intl.DateTimeFormat | undefined;

/**
 * A date and time in the reader's own time zone, with the zone named: 25 Nov 2026, 14:05 CET.
 * Only for what the browser renders after fetching (history, discussion): the server does not
 * know the reader's zone, and a server-rendered time would not match the browser's at hydration.
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  local ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return local.format(date);
}
