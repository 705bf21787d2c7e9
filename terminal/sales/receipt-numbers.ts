import type { TerminalDb } from '../store/terminal-db';

/** `T01-000123`: the terminal code, then the counter padded to six digits (wider past 999999, never wrapping). */
export function formatReceiptNumber(terminalCode: string, value: number): string {
  return `${terminalCode}-${String(value).padStart(6, '0')}`;
}

/**
 * The terminal's own receipt series. The counter row is bumped inside the transaction
 * that writes the sale, so a number exists only if its sale does: gapless, never reused,
 * and it survives restarts because it lives in the database, not in memory.
 */
export class ReceiptNumbers {
  private readonly bump;

  constructor(private readonly db: TerminalDb) {
    this.bump = db
      .prepare(
        `INSERT INTO receipt_counters (terminal_code, last_value) VALUES (?, 1)
         ON CONFLICT (terminal_code) DO UPDATE SET last_value = last_value + 1
         RETURNING last_value`,
      )
      .pluck();
  }

  /** Must run inside the sale's transaction. */
  take(terminalCode: string): { value: number; number: string } {
    const value = this.bump.get(terminalCode) as number;
    return { value, number: formatReceiptNumber(terminalCode, value) };
  }

  last(terminalCode: string): number {
    return (this.db.prepare('SELECT last_value FROM receipt_counters WHERE terminal_code = ?').pluck().get(terminalCode) as number | undefined) ?? 0;
  }
}
