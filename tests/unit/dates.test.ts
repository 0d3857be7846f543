// Dates as the app and the export write them: fixed locale (en-GB) and zone
// (UTC), so a server and a browser anywhere agree on the same words.
import { describe, expect, it } from 'vitest';
import { formatDate } from '@/components/ui/format';
import { isoDayOf, longDate, strictIsoDay } from '@/server/export/dates';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// en-GB's short names: four letters for September.
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

describe('formatDate (the app)', () => {
  it('writes day, short month and year', () => {
    expect(formatDate('2026-11-25T10:00:00.000Z')).toBe('25 Nov 2026');
    expect(formatDate('2026-01-05')).toBe('5 Jan 2026');
    SHORT.forEach((month, m) => {
      expect(formatDate(new Date(Date.UTC(2026, m, 1)).toISOString())).toBe(`1 ${month} 2026`);
    });
  });

  it('reads the day in UTC, whatever the zone of the timestamp', () => {
    expect(formatDate('2026-11-25T23:30:00-05:00')).toBe('26 Nov 2026');
    expect(formatDate('2026-11-26T00:30:00+02:00')).toBe('25 Nov 2026');
  });

  it('gives back what is not a date as it came', () => {
    expect(formatDate('soon')).toBe('soon');
    expect(formatDate('')).toBe('');
  });
});

describe('longDate (the export)', () => {
  it('writes day, full month and year, in UTC', () => {
    expect(longDate(new Date('2026-11-25T10:00:00Z'))).toBe('25 November 2026');
    expect(longDate(new Date('2026-11-25T23:30:00-05:00'))).toBe('26 November 2026');
  });

  it('matches the day, month and year of the date for every day over two centuries', () => {
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2100, 0, 1); t += 86_400_000 * 0.7) {
      const d = new Date(t);
      expect(longDate(d)).toBe(`${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`);
    }
  });

  it('writes years before 1 AD as they are stored, not by era', () => {
    const year = (y: number) => {
      const d = new Date(Date.UTC(2000, 8, 3));
      d.setUTCFullYear(y);
      return d;
    };
    expect(longDate(year(0))).toBe('3 September 0');
    expect(longDate(year(-5))).toBe('3 September -5');
    expect(longDate(year(12))).toBe('3 September 12');
  });

  it('keeps to real calendar days for YYYY-MM-DD', () => {
    expect(strictIsoDay('2024-02-29')).toBe('2024-02-29');
    expect(strictIsoDay('2023-02-29')).toBeNull();
    expect(strictIsoDay('2024-2-9')).toBeNull();
    expect(isoDayOf('2026-11-25T23:30:00-05:00')).toBe('2026-11-26');
  });
});
