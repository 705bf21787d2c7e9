import type { TerminalDb } from '../store/terminal-db';
import type { Migration } from '../store/migrations';

/**
 * A sale or refund keeps the number its receipt or return slip printed (`printed_as`) when
 * the back office made the till number it again (409 local_number_reused).
 */
export const printedAsMigration = (version: number): Migration => ({
  version,
  name: 'printed as',
  sql: `ALTER TABLE sales ADD COLUMN printed_as TEXT; ALTER TABLE refunds ADD COLUMN printed_as TEXT;`,
});

/**
 * Numbers a queued document again after the back office answered that its number was its
 * already, for another document of this till (docs/PROTOCOL.md, "A till restored from a copy
 * of its folder"). The till's counter moves past both its own last number and the back
 * office's (`lastLocalNumber`), so no later document reuses one either; the document takes
 * the next, keeping the one it printed. Runs in the outbox's settle transaction. null when
 * `lastLocalNumber` is not of this series (the entry then needs a person).
 */
export function numberAgain(
  db: TerminalDb,
  document: {
    table: 'sales' | 'refunds';
    id: string;
    counter: (terminalCode: string) => string;
    format: (terminalCode: string, value: number) => string;
  },
  lastLocalNumber: string,
): string | null {
  const row = db.prepare(`SELECT terminal_code AS terminalCode FROM ${document.table} WHERE id = ?`).get(document.id) as
    { terminalCode: string } | undefined;
  if (row === undefined) return null;
  const series = document.format(row.terminalCode, 0).replace(/\d+$/, '');
  const digits = lastLocalNumber.startsWith(series) ? lastLocalNumber.slice(series.length) : '';
  if (!/^\d{1,15}$/.test(digits)) return null;
  const value = db
    .prepare(
      `INSERT INTO receipt_counters (terminal_code, last_value) VALUES (@counter, @held + 1)
       ON CONFLICT (terminal_code) DO UPDATE SET last_value = MAX(last_value, @held) + 1 RETURNING last_value`,
    )
    .pluck()
    .get({ counter: document.counter(row.terminalCode), held: Number(digits) }) as number;
  const number = document.format(row.terminalCode, value);
  db.prepare(`UPDATE ${document.table} SET printed_as = COALESCE(printed_as, local_number), local_number = ? WHERE id = ?`).run(number, document.id);
  return number;
}
