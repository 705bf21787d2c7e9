/**
 * The Idempotency-Key header, as the IETF httpapi draft defines it: a Structured Field
 * string (`"0190f3e2-..."`). A bare token is accepted too.
 */
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,255}$/;

export type ParsedIdempotencyKey = { ok: true; key: string } | { ok: false; reason: 'missing' | 'malformed' };

export function parseIdempotencyKey(header: string | string[] | undefined): ParsedIdempotencyKey {
  if (header === undefined) return { ok: false, reason: 'missing' };
  if (Array.isArray(header)) return { ok: false, reason: 'malformed' };
  const trimmed = header.trim();
  if (trimmed === '' || trimmed === '""') return { ok: false, reason: 'missing' };
  const unquoted = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  return KEY_PATTERN.test(unquoted) ? { ok: true, key: unquoted } : { ok: false, reason: 'malformed' };
}

/** How a client writes a key: as a Structured Field string. */
export function formatIdempotencyKey(key: string): string {
  return `"${key}"`;
}
