import type { TerminalDb } from '../store/terminal-db';
import type { Shift, ShiftReport } from './shift-schemas';
import { vatBreakdown } from './vat-breakdown';

/** The states of a queued write the back office does not have yet (a voided one it will never get). */
const UNSYNCED = "('pending', 'sending', 'needs_attention')";

/** Sales and refunds of the shift that have not reached the back office. */
export function unsyncedOfShift(db: TerminalDb, shiftId: string): number {
  return db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM sales s JOIN outbox o ON o.document_id = s.id WHERE s.shift_id = @id AND o.state IN ${UNSYNCED})
            + (SELECT COUNT(*) FROM refunds r JOIN outbox o ON o.document_id = r.id WHERE r.shift_id = @id AND o.state IN ${UNSYNCED})`,
    )
    .pluck()
    .get({ id: shiftId }) as number;
}

/**
 * The figures of a shift, read from the rows themselves (sales, payments, refunds of the
 * shift): an X report while it is open, the same figures frozen as the Z report at close.
 */
export function shiftReport(
  db: TerminalDb,
  shift: Shift,
  kind: 'X' | 'Z',
  now: Date,
  extra: Pick<ShiftReport, 'countedCashMinor' | 'override'>,
): ShiftReport {
  const sales = db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(total_minor), 0) AS gross, COALESCE(SUM(change_minor), 0) AS change,
         (SELECT local_number FROM sales WHERE shift_id = @id ORDER BY seq LIMIT 1) AS first,
         (SELECT local_number FROM sales WHERE shift_id = @id ORDER BY seq DESC LIMIT 1) AS last
       FROM sales WHERE shift_id = @id`,
    )
    .get({ id: shift.id }) as { count: number; gross: number; change: number; first: string | null; last: string | null };
  const payments = db
    .prepare(
      'SELECT p.method, SUM(p.amount_minor) AS amount FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.shift_id = ? GROUP BY p.method ORDER BY p.method',
    )
    .all(shift.id) as { method: string; amount: number }[];
  const beforeOpen = db.prepare('SELECT COUNT(*) FROM sales WHERE shift_id = ? AND occurred_at < ?').pluck().get(shift.id, shift.openedAt) as number;
  const refunds = db.prepare('SELECT COUNT(*) AS count, COALESCE(SUM(total_minor), 0) AS total FROM refunds WHERE shift_id = ?').get(shift.id) as {
    count: number;
    total: number;
  };
  // The change a cashier hands back comes out of the cash taken.
  const tenders = payments.map((p) => ({ method: p.method, amountMinor: p.method === 'cash' ? p.amount - sales.change : p.amount }));
  const cashTaken = tenders.find((t) => t.method === 'cash')?.amountMinor ?? 0;
  return {
    kind,
    shift,
    generatedAt: now.toISOString(),
    salesCount: sales.count,
    salesBeforeOpenCount: beforeOpen,
    firstReceiptNumber: sales.first,
    lastReceiptNumber: sales.last,
    grossSalesMinor: sales.gross,
    refundsCount: refunds.count,
    refundsMinor: refunds.total,
    netSalesMinor: sales.gross - refunds.total,
    tenders,
    // Refunds are paid out in cash from the drawer.
    expectedCashMinor: shift.floatMinor + cashTaken - refunds.total,
    countedCashMinor: extra.countedCashMinor,
    vat: vatBreakdown(db, shift.id),
    unsyncedCount: unsyncedOfShift(db, shift.id),
    override: extra.override,
  };
}
