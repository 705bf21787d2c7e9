/**
 * Capped exponential backoff with full jitter (a uniformly random wait in
 * [0, min(cap, base * 2^(failures-1))]): many terminals coming back after an outage
 * spread out instead of hitting the back office in step.
 */
export function backoffDelayMs(failures: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures - 1, 40));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After in milliseconds: either delay-seconds or an HTTP date (RFC 9110 10.2.3).
 * Null when absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | string[] | null | undefined, now: number = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names its day or month; this keeps "-5" from parsing as a year.
  if (!/[A-Za-z]{3}/.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
