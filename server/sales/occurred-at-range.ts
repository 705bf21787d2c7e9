const DAY_MS = 86_400_000;

/**
 * The text range of `sales.occurred_at` that holds every sale of the instants [fromMs, toMs).
 * Times are stored as UTC text (utcText), but a server of an older version, still running
 * beside this one in a rolling upgrade, stored them as sent (`+08:00`): the text range is two
 * days wider on each side (an offset is under a day). The caller keeps its rows by instant
 * (`inInstants`).
 */
export function occurredAtTextRange(fromMs: number, toMs: number): { from: string; to: string } {
  return { from: new Date(fromMs - 2 * DAY_MS).toISOString(), to: new Date(toMs + 2 * DAY_MS).toISOString() };
}

/** Whether a stored `occurred_at` (UTC text, or with an offset) falls in [fromMs, toMs). */
export const inInstants = (occurredAt: string, fromMs: number, toMs: number): boolean => {
  const at = Date.parse(occurredAt);
  return at >= fromMs && at < toMs;
};
