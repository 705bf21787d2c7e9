import { fromWallClock, wallClock } from '../../protocol/wall-clock';

/**
 * A business's calendar day in its own time zone: the UTC instants it starts and ends at (a
 * Manila day, 2026-12-01, is 2026-11-30T16:00Z to 2026-12-01T16:00Z), and a stored UTC time
 * read back on that wall clock (protocol/wall-clock.ts). A zone this machine does not know is
 * read as UTC.
 */

const DAY_MS = 86_400_000;

/** The zone as given, or UTC when this machine does not know it. */
function knownZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** The wall clock in `timeZone` at an instant: `YYYY-MM-DD` and `HH:MM:SS`. */
export function wallClockOf(instantMs: number, timeZone: string): { date: string; time: string } {
  const w = wallClock(new Date(instantMs), knownZone(timeZone));
  return { date: `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}`, time: `${two(w.hour)}:${two(w.minute)}:${two(w.second)}` };
}

/** `day` (`YYYY-MM-DD`, on the calendar) in the business's zone, as UTC instants: [startsAt, endsAt). */
export function businessDay(day: string, timeZone: string): { startsAt: number; endsAt: number } {
  const zone = knownZone(timeZone);
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return { startsAt: fromWallClock(midnight, zone), endsAt: fromWallClock(midnight + DAY_MS, zone) };
}
