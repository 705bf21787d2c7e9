import { Type } from 'typebox';
import { Format } from 'typebox/format';

/**
 * Times on the wire are RFC 3339 date-times that JavaScript's `Date` can read. RFC 3339
 * alone lets through times the code then turns into NaN: a leap second (23:59:60), which
 * made one terminal's heartbeat break monitoring for everyone. So the server's `date-time`
 * format (ajv) and the terminal's (TypeBox) are both this one function.
 */
export const TIMESTAMP_FORMAT = 'date-time';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An RFC 3339 date-time with a real calendar date, no leap second, that `Date.parse` reads,
 * and whose instant in UTC is still within the years 0000-9999: every time is stored and
 * compared as its UTC text (`toISOString`), and past 9999-12-31T23:59:59.999Z that text is
 * "+010000-…", which sorts before "2026-…" ("9999-12-31T23:59:59-00:01" asked for every sale).
 */
export function isReadableTimestamp(value: string): boolean {
  const match = RFC3339.exec(value);
  if (match === null) return false;
  const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0] = match.slice(1).map((part) => Number(part ?? 0));
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return false;
  if (hour! > 23 || minute! > 59 || second! > 59 || offsetHour > 23 || offsetMinute > 59) return false;
  const instant = Date.parse(value);
  if (!Number.isFinite(instant)) return false;
  const utcYear = new Date(instant).getUTCFullYear();
  return utcYear >= 0 && utcYear <= 9999;
}

/**
 * A readable time as the back office stores and compares it: its instant's UTC text
 * (`2026-11-30T02:00:00.000Z` for `2026-11-30T10:00:00+08:00`). Text compares as time only
 * in one zone and one shape: a Manila till's `+08:00` evening sorted after the UTC bounds of
 * its own week.
 */
export const utcText = (time: string): string => new Date(time).toISOString();

/** The one schema for a time that enters the system. */
export const Timestamp = () => Type.String({ format: TIMESTAMP_FORMAT, maxLength: 40 });

/** A day, `YYYY-MM-DD`, that is on the calendar (no 30 February): the same rule on the server (ajv) and the terminal (TypeBox). */
export const CALENDAR_DATE_FORMAT = 'calendar-date';

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = match.slice(1).map(Number);
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysIn(year!, month!);
}

export const CalendarDate = () => Type.String({ format: CALENDAR_DATE_FORMAT, maxLength: 10 });

// The terminal validates with TypeBox: its formats are the same rules.
Format.Set(TIMESTAMP_FORMAT, isReadableTimestamp);
Format.Set(CALENDAR_DATE_FORMAT, isCalendarDate);
