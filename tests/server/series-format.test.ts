import { describe, expect, it } from 'vitest';
import { calendarMonth, formatNumber, isValidFormat, periodKey, readNumber } from '../../server/numbering/series-format';
import { checkSeriesSettings } from '../../server/numbering/series-settings';

describe('invoice number formats', () => {
  it('reads like the seed by default: INV-202510-0001', () => {
    expect(formatNumber('INV-{yyyy}{mm}-{seq:4}', { year: 2025, month: 10 }, 1)).toBe('INV-202510-0001');
  });

  it('widens past 9999 rather than wrapping', () => {
    expect(formatNumber('INV-{yyyy}{mm}-{seq:4}', { year: 2025, month: 10 }, 10_000)).toBe('INV-202510-10000');
  });

  it("takes the month in the business's time zone: 23:30 UTC on Oct 31 is already November in Manila", () => {
    const instant = new Date('2025-10-31T23:30:00Z');
    expect(calendarMonth(instant, 'Asia/Manila')).toEqual({ year: 2025, month: 11 });
    expect(calendarMonth(instant, 'UTC')).toEqual({ year: 2025, month: 10 });
    expect(periodKey('monthly', calendarMonth(instant, 'Asia/Manila'))).toBe('2025-11');
    expect(periodKey('yearly', { year: 2025, month: 11 })).toBe('2025');
    expect(periodKey('never', { year: 2025, month: 11 })).toBe('all');
  });

  it('reads a number back as a format writes it, or not at all (what a format change is checked against)', () => {
    expect(readNumber('INV-{yyyy}{mm}-{seq}', 'INV-202612-12')).toEqual({ year: 2026, month: 12, seq: 12 });
    expect(readNumber('SI-{yy}{mm}-{seq:4}', 'SI-2612-0042')).toEqual({ year: 2026, month: 12, seq: 42 });
    expect(readNumber('SI-{yy}{mm}-{seq:4}', 'SI-2612-10000')).toEqual({ year: 2026, month: 12, seq: 10_000 });
    // Padded otherwise, another shape, a month that is none, special characters as text.
    expect(readNumber('INV-{yyyy}{mm}-{seq}', 'INV-202612-0012')).toBeNull();
    expect(readNumber('INV-{yyyy}{mm}-{seq:4}', 'INV-202612-12')).toBeNull();
    expect(readNumber('INV-{yyyy}{mm}-{seq}', 'RET-202612-12')).toBeNull();
    expect(readNumber('INV-{yyyy}{mm}-{seq}', 'INV-202613-12')).toBeNull();
    expect(readNumber('A.{seq}', 'AB1')).toBeNull();
    expect(readNumber('OR-{seq:6}', 'OR-000007')).toEqual({ year: null, month: null, seq: 7 });
    expect(readNumber('INV-{mm}-{seq}', 'INV-03-95')).toEqual({ year: null, month: 3, seq: 95 });
  });

  it('accepts only formats that name the counter once, and the period they reset in', () => {
    expect(isValidFormat('OR-{seq:6}')).toBe(true);
    expect(isValidFormat('OR-{seq}{seq}')).toBe(false);
    expect(isValidFormat('OR-{month}-{seq}')).toBe(false);
    expect(checkSeriesSettings('INV-{seq:6}', 'never')).toBeNull();
    expect(checkSeriesSettings('INV-{seq:6}', 'monthly')).toMatch(/monthly/);
    expect(checkSeriesSettings('INV-{yy}-{seq:6}', 'yearly')).toBeNull();
  });
});
