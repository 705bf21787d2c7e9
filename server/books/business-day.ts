import { fromWallClock, knownZone } from '../../protocol/wall-clock';
import { Problem } from '../problem';

export { wallClockOf } from '../../protocol/wall-clock';

/**
 * A business's calendar day in its own time zone: the UTC instants it starts and ends at (a
 * Manila day, 2026-12-01, is 2026-11-30T16:00Z to 2026-12-01T16:00Z), and a stored UTC time
 * read back on that wall clock (protocol/wall-clock.ts). A zone this machine does not know is
 * read as UTC.
 */

const DAY_MS = 86_400_000;

/** `day` (`YYYY-MM-DD`, on the calendar) in the business's zone, as UTC instants: [startsAt, endsAt). */
export function businessDay(day: string, timeZone: string): { startsAt: number; endsAt: number } {
  const zone = knownZone(timeZone);
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return { startsAt: fromWallClock(midnight, zone), endsAt: fromWallClock(midnight + DAY_MS, zone) };
}

/** The first and last day a book or a till's journal takes. */
export const FIRST_BOOK_DAY = '1900-01-01';
export const LAST_BOOK_DAY = '9998-12-31';

/**
 * Refuses the days a business's clock cannot place (year 0000; 9999-12-31, whose next day has
 * no date), each named by its path: 400 validation_failed "The day must be from 1900-01-01 to
 * 9998-12-31.", for a book asked for and for a till's journal entries alike. A till's own
 * days are its clock's, well inside. The days are calendar dates already (the schemas' format).
 */
export function refuseDaysOutOfRange(days: readonly { path: string; day: string }[]): void {
  const errors = days
    .filter(({ day }) => !(day >= FIRST_BOOK_DAY && day <= LAST_BOOK_DAY))
    .map(({ path }) => ({ path, message: `must be from ${FIRST_BOOK_DAY} to ${LAST_BOOK_DAY}` }));
  if (errors.length > 0)
    throw new Problem(400, 'validation_failed', 'Invalid day', `The day must be from ${FIRST_BOOK_DAY} to ${LAST_BOOK_DAY}.`, errors);
}
