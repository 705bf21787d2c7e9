/**
 * One CSV cell: quoted when it must be, and a text a spreadsheet would run as a formula
 * (=, +, -, @, a tab or a carriage return at the start) is prefixed with a quote, so that
 * `=HYPERLINK(…)` typed as a buyer's name opens as text. Numbers are written as numbers.
 * Every CSV the back office or a till writes (stock on hand, the electronic journal) uses it.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
