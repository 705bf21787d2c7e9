import { fromWallClock, knownZone } from '../../protocol/wall-clock';

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
