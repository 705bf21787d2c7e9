/**
 * A time zone's wall clock, without a time zone library: what a clock in `timeZone` reads at
 * an instant, and the instant at which it reads a given time. The week of the BNPC caps
 * (protocol/senior-discount.ts) and the day of a sales book (server/books/business-day.ts)
 * are both cut on the business's wall clock this way.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What a clock in `timeZone` reads at `at` (throws for a zone this machine does not know). */
export function wallClock(at: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** The UTC instant whose wall clock in `timeZone` reads `wallMs` (a wall-clock time read as if it were UTC). */
export function fromWallClock(wallMs: number, timeZone: string): number {
  let guess = wallMs;
  for (let i = 0; i < 3; i += 1) {
    const w = wallClock(new Date(guess), timeZone);
    const seen = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    guess += wallMs - seen;
  }
  return guess;
}

/** The zone as given, or UTC when this machine does not know it. */
export function knownZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** The wall clock in `timeZone` at an instant: `YYYY-MM-DD` and `HH:MM:SS` (a zone this machine does not know: UTC's). */
export function wallClockOf(instantMs: number, timeZone: string): { date: string; time: string } {
  const w = wallClock(new Date(instantMs), knownZone(timeZone));
  return { date: `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}`, time: `${two(w.hour)}:${two(w.minute)}:${two(w.second)}` };
}

/**
 * A moment as a clock in `timeZone` reads it, with that clock's offset from UTC, as a person
 * reads a journal or a log: `2026-11-30 10:00:00 +08:00`. A zone this machine does not know
 * reads as UTC (`+00:00`), so the stamp is never wrong, only less local.
 */
export function wallClockStamp(at: Date, timeZone: string): string {
  const { date, time } = wallClockOf(at.getTime(), timeZone);
  const offset = Math.round((Date.parse(`${date}T${time}Z`) - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date} ${time} ${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
