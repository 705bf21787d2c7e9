/**
 * A business's calendar day in its own time zone: the UTC instants it starts and ends at (a
 * Manila day, 2026-12-01, is 2026-11-30T16:00Z to 2026-12-01T16:00Z), and a stored UTC time
 * read back on that wall clock. A zone this machine does not know is read as UTC.
 */

const DAY_MS = 86_400_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
  }
}

/** The wall clock in `timeZone` at an instant: `YYYY-MM-DD` and `HH:MM:SS`. */
export function wallClockOf(instantMs: number, timeZone: string): { date: string; time: string } {
  const parts = formatter(timeZone).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}:${part('second')}` };
}

/** The wall clock read as if it were UTC, in milliseconds: the offset of the zone at that instant is this minus the instant. */
function wallMs(instantMs: number, timeZone: string): number {
  const { date, time } = wallClockOf(instantMs, timeZone);
  return Date.parse(`${date}T${time}Z`);
}

/** The first instant whose wall clock in `timeZone` reads `wall` (milliseconds of a UTC reading) or later. */
function instantOfWall(wall: number, timeZone: string): number {
  let guess = wall;
  for (let i = 0; i < 3; i += 1) guess += wall - wallMs(guess, timeZone);
  return guess;
}

/** `day` (`YYYY-MM-DD`, on the calendar) in the business's zone, as UTC instants: [startsAt, endsAt). */
export function businessDay(day: string, timeZone: string): { startsAt: number; endsAt: number } {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return { startsAt: instantOfWall(midnight, timeZone), endsAt: instantOfWall(midnight + DAY_MS, timeZone) };
}

export { DAY_MS };
