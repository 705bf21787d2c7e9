import type { TillProfile } from '../../protocol';

/**
 * The dates and times every printed document carries (the sales invoice, the return slip,
 * the X and Z readings, a reprint's mark, and their copies in the electronic journal) are
 * the business's wall clock, in the time zone the back office keeps for it
 * (`businesses.timezone`, sent with the invoice profile), whatever the time zone of the
 * machine printing them (a till's PC set to UTC, a browser elsewhere). The moment itself is
 * the till's clock, stored as UTC.
 */

/** The business's time zone while the till has no profile yet: the back office's default for a business. */
export const DEFAULT_BUSINESS_TIMEZONE = 'Asia/Manila';

/** The time zone a document of this profile prints in. */
export function documentTimeZone(profile: TillProfile | null): string {
  return profile?.business?.timezone ?? DEFAULT_BUSINESS_TIMEZONE;
}

/** A moment on the business's wall clock in the form asked; a zone this machine does not know reads as the default's. An unreadable moment as it is. */
function onBusinessClock(iso: string, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  try {
    return at.toLocaleString('en-PH', { ...options, timeZone });
  } catch {
    return at.toLocaleString('en-PH', { ...options, timeZone: DEFAULT_BUSINESS_TIMEZONE });
  }
}

/** "12/1/2026, 9:15:04 PM" for 2026-12-01T13:15:04Z in Asia/Manila; a zone this machine does not know prints in the default one. */
export function documentTime(iso: string, timeZone: string): string {
  return onBusinessClock(iso, timeZone, {});
}

/**
 * A moment's time of day on the business's wall clock, for the till's lists and messages:
 * "09:15 PM" (or "09:15:04 PM" with seconds) for 2026-12-01T13:15:04Z in Asia/Manila,
 * whatever this machine's time zone; a zone this machine does not know reads as the default's.
 */
export function businessClock(iso: string, timeZone: string, withSeconds = false): string {
  return onBusinessClock(iso, timeZone, { hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}) });
}

/**
 * A moment's day and time on the business's wall clock, short: "Dec 2, 8:40 PM", to tell apart
 * two documents of one supplier on the stock desk. A zone this machine does not know reads as the default's.
 */
export function businessDayAndTime(iso: string, timeZone: string): string {
  return onBusinessClock(iso, timeZone, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/**
 * The business day of a moment, "2026-12-01": its calendar date on the business's wall clock
 * (the electronic journal's day and its export), whatever the time zone of the till's machine.
 */
export function businessDay(at: Date, timeZone: string): string {
  return dayFormat(timeZone).format(at);
}

/** One formatter per zone (making one costs more than a sale's other work on the journal); a zone this machine does not know is the default's. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    const make = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    try {
      format = make(timeZone);
    } catch {
      format = make(DEFAULT_BUSINESS_TIMEZONE);
    }
    dayFormats.set(timeZone, format);
  }
  return format;
}
