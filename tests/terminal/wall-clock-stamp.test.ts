import { describe, expect, it } from 'vitest';
import { wallClockStamp } from '../../protocol/wall-clock';

/** The time a journal header shows: the business's clock, with its offset, so nobody reads it eight hours wrong. */
describe('a moment on the business’s wall clock', () => {
  it('reads as the clock in the zone reads it, with its offset from UTC', () => {
    const at = new Date('2026-11-30T17:05:09.750Z');
    expect(wallClockStamp(at, 'Asia/Manila')).toBe('2026-12-01 01:05:09 +08:00');
    expect(wallClockStamp(at, 'Asia/Kolkata')).toBe('2026-11-30 22:35:09 +05:30');
    expect(wallClockStamp(at, 'America/New_York')).toBe('2026-11-30 12:05:09 -05:00');
    expect(wallClockStamp(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01 08:00:00 -04:00');
    expect(wallClockStamp(at, 'UTC')).toBe('2026-11-30 17:05:09 +00:00');
  });

  it('a zone this machine does not know reads as UTC, saying so by its offset', () => {
    expect(wallClockStamp(new Date('2026-11-30T17:05:09Z'), 'Mars/Olympus_Mons')).toBe('2026-11-30 17:05:09 +00:00');
  });
});
