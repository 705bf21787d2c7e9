/**
 * The reason a count's correction carries: when the count started, on the business's clock
 * (as the stock page shows every time), with the zone named, since the text is stored and
 * read elsewhere too (GET /v1/stock-documents). "Count started Dec 1, 2026, 12:07 PM
 * (Asia/Manila) by Rosa Dizon".
 */
export function countReason(startedAt: string, startedBy: string, timeZone: string): string {
  const local = new Date(startedAt).toLocaleString('en-PH', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return `Count started ${local} (${timeZone}) by ${startedBy}`;
}

/**
 * A reason written before countReason, "Count started 2026-12-01T04:07:22.997Z by Rosa
 * Dizon": its moment and the rest, for the page to show that moment on the business's clock.
 */
export function utcCountReason(reason: string): { startedAt: string; by: string } | null {
  const found = /^Count started (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) by (.*)$/s.exec(reason);
  return found ? { startedAt: found[1]!, by: found[2]! } : null;
}
