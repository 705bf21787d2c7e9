import type { TerminalDb } from '../store/terminal-db';
import type { KindTotal, Shift, ShiftReport } from './shift-schemas';
import { documentsVat } from './vat-breakdown';

/** The states of a queued write the back office does not have yet (a voided one it will never get). */
const UNSYNCED = "('pending', 'sending', 'needs_attention')";

interface QueuedDocuments {
  salesCount: number;
  salesMinor: number;
  refundsCount: number;
  refundsMinor: number;
}

/** The shift's sales and refunds whose queued write is in one of these states: how many, and their totals. */
function shiftDocumentsIn(db: TerminalDb, shiftId: string, states: string): QueuedDocuments {
  const of = (table: 'sales' | 'refunds') => `FROM ${table} d JOIN outbox o ON o.document_id = d.id WHERE d.shift_id = @id AND o.state IN ${states}`;
  return db
    .prepare(
      `SELECT (SELECT COUNT(*) ${of('sales')}) AS salesCount, (SELECT COALESCE(SUM(d.total_minor), 0) ${of('sales')}) AS salesMinor,
              (SELECT COUNT(*) ${of('refunds')}) AS refundsCount, (SELECT COALESCE(SUM(d.total_minor), 0) ${of('refunds')}) AS refundsMinor`,
    )
    .get({ id: shiftId }) as QueuedDocuments;
}

/** Sales and refunds of the shift that have not reached the back office. */
export function unsyncedOfShift(db: TerminalDb, shiftId: string): number {
  const unsynced = shiftDocumentsIn(db, shiftId, UNSYNCED);
  return unsynced.salesCount + unsynced.refundsCount;
}

/**
 * Sales and refunds of the shift voided from the sync queue by a manager: still in the
 * reading (the drawer took and paid that money) but never sent, so the back office will
 * not have them. The manager reconciles the two by this line.
 */
export const queueVoidedOfShift = (db: TerminalDb, shiftId: string): QueuedDocuments => shiftDocumentsIn(db, shiftId, "('voided')");

/**
 * The till's accumulated grand total: its gross sales (quantity x price, before discounts)
 * since its first sale, summed from the sales it stores. A refund never lowers it: what goes
 * back is a deduction of the reading it falls in. Summed, not kept as a counter, so it is
 * exactly its sales whatever happened before (a till's net counter of earlier versions,
 * `till_counters.grand_total`, is no longer moved or read); one pass over the sales per
 * reading, about 0.15 s for 500,000 sales.
 */
export function grandTotalNow(db: TerminalDb): number {
  return db.prepare('SELECT COALESCE(SUM(COALESCE(gross_minor, total_minor)), 0) FROM sales').pluck().get() as number;
}

/**
 * The reset counter a Z reading prints: how many times the till's memory (its grand total)
 * was reset. This till has no such reset: its grand total is the sum of its own sales, which
 * nothing deletes. (A till put back from an older copy of its folder goes back to that
 * copy's sales; docs/compliance.md, what remains.)
 */
const MEMORY_RESETS = 0;

/**
 * The cash the drawer holds now for a shift: its float, the cash its sales took less the
 * change given, less the cash its refunds paid out, plus the cash a manager paid in, less
 * what a manager paid out (terminal/drawer/cash-movements.ts). `shiftId` null: the sales and
 * refunds rung up while no shift is open, which the next shift takes, and no float.
 */
export function drawerCashMinor(db: TerminalDb, shiftId: string | null, floatMinor: number): number {
  const of = shiftId === null ? 'shift_id IS NULL' : 'shift_id = @id';
  return (
    (db
      .prepare(
        `SELECT (SELECT COALESCE(SUM(p.amount_minor), 0) FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.${of} AND p.method = 'cash')
            - (SELECT COALESCE(SUM(change_minor), 0) FROM sales WHERE ${of})
            - (SELECT COALESCE(SUM(t.amount_minor), 0) FROM refund_tenders t JOIN refunds r ON r.seq = t.refund_seq WHERE r.${of} AND t.method = 'cash')
            + (SELECT COALESCE(SUM(CASE kind WHEN 'pay_in' THEN amount_minor ELSE -amount_minor END), 0) FROM cash_movements WHERE ${of})`,
      )
      .pluck()
      .get(shiftId === null ? {} : { id: shiftId }) as number) + floatMinor
  );
}

/** A shift's cash paid in and out of the drawer, for its reading: each movement in order, and how many of each kind, how much. */
function cashMovesOfShift(db: TerminalDb, shiftId: string): Pick<ShiftReport, 'cashMoves' | 'cashMovements'> {
  const cashMovements = db
    .prepare(
      'SELECT kind, amount_minor AS amountMinor, reason, approved_by AS approvedBy, occurred_at AS occurredAt FROM cash_movements WHERE shift_id = ? ORDER BY seq',
    )
    .all(shiftId) as NonNullable<ShiftReport['cashMovements']>;
  const cashMoves = (['pay_in', 'pay_out'] as const).flatMap((kind): KindTotal[] => {
    const of = cashMovements.filter((m) => m.kind === kind);
    return of.length === 0 ? [] : [{ kind, count: of.length, amountMinor: of.reduce((total, m) => total + m.amountMinor, 0) }];
  });
  return { cashMoves, cashMovements };
}

/**
 * The figures of a shift, each the sum of the shift's documents' own stored figures (the
 * sales, their payments and discounts, the refunds, the voids before payment): an X
 * reading while it is open, the same figures frozen as the Z reading at close. Nothing is
 * recomputed from a total: the VAT is the sales' printed VAT less the refunds' printed VAT.
 */
export function shiftReport(
  db: TerminalDb,
  shift: Shift,
  kind: 'X' | 'Z',
  now: Date,
  extra: Pick<ShiftReport, 'countedCashMinor' | 'override'> & { zCounter: number | null },
): ShiftReport {
  const sales = db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(COALESCE(gross_minor, total_minor)), 0) AS gross, COALESCE(SUM(COALESCE(discount_minor, 0)), 0) AS discount,
         COALESCE(SUM(total_minor), 0) AS total, COALESCE(SUM(change_minor), 0) AS change,
         (SELECT local_number FROM sales WHERE shift_id = @id ORDER BY seq LIMIT 1) AS first,
         (SELECT local_number FROM sales WHERE shift_id = @id ORDER BY seq DESC LIMIT 1) AS last
       FROM sales WHERE shift_id = @id`,
    )
    .get({ id: shift.id }) as {
    count: number;
    gross: number;
    discount: number;
    total: number;
    change: number;
    first: string | null;
    last: string | null;
  };
  const payments = db
    .prepare(
      'SELECT p.method, SUM(p.amount_minor) AS amount FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.shift_id = ? GROUP BY p.method ORDER BY p.method',
    )
    .all(shift.id) as { method: string; amount: number }[];
  const beforeOpen = db.prepare('SELECT COUNT(*) FROM sales WHERE shift_id = ? AND occurred_at < ?').pluck().get(shift.id, shift.openedAt) as number;
  const refunds = db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(total_minor), 0) AS total,
         (SELECT local_number FROM refunds WHERE shift_id = @id ORDER BY seq LIMIT 1) AS first,
         (SELECT local_number FROM refunds WHERE shift_id = @id ORDER BY seq DESC LIMIT 1) AS last
       FROM refunds WHERE shift_id = @id`,
    )
    .get({ id: shift.id }) as { count: number; total: number; first: string | null; last: string | null };
  const refundTenders = db
    .prepare(
      'SELECT t.method, SUM(t.amount_minor) AS amountMinor FROM refund_tenders t JOIN refunds r ON r.seq = t.refund_seq WHERE r.shift_id = ? GROUP BY t.method ORDER BY 1',
    )
    .all(shift.id) as { method: string; amountMinor: number }[];
  const discounts = db
    .prepare(
      'SELECT d.kind, COUNT(*) AS count, SUM(d.amount_minor) AS amountMinor FROM sale_discounts d JOIN sales s ON s.seq = d.sale_seq WHERE s.shift_id = ? GROUP BY d.kind ORDER BY d.kind',
    )
    .all(shift.id) as KindTotal[];
  const voids = db
    .prepare('SELECT kind, COUNT(*) AS count, SUM(amount_minor) AS amountMinor FROM till_voids WHERE shift_id = ? GROUP BY kind ORDER BY kind')
    .all(shift.id) as KindTotal[];
  // The change a cashier hands back comes out of the cash taken.
  const tenders = payments.map((p) => ({ method: p.method, amountMinor: p.method === 'cash' ? p.amount - sales.change : p.amount }));
  const expectedCashMinor = drawerCashMinor(db, shift.id, shift.floatMinor);
  const netSalesMinor = sales.gross - sales.discount - refunds.total;
  const endingMinor = grandTotalNow(db);
  return {
    kind,
    shift,
    generatedAt: now.toISOString(),
    salesCount: sales.count,
    salesBeforeOpenCount: beforeOpen,
    firstReceiptNumber: sales.first,
    lastReceiptNumber: sales.last,
    firstReturnNumber: refunds.first,
    lastReturnNumber: refunds.last,
    grossSalesMinor: sales.gross,
    discountsMinor: sales.discount,
    discounts,
    refundsCount: refunds.count,
    refundsMinor: refunds.total,
    voids,
    netSalesMinor,
    tenders,
    refundTenders,
    ...cashMovesOfShift(db, shift.id),
    expectedCashMinor,
    countedCashMinor: extra.countedCashMinor,
    overShortMinor: extra.countedCashMinor === null ? null : extra.countedCashMinor - expectedCashMinor,
    vat: documentsVat(db, shift.id),
    // Every sale is in this shift or an earlier one (a sale rung up with no shift open joins the next): the shift began from the rest.
    grandTotal: { beginningMinor: endingMinor - sales.gross, endingMinor },
    zCounter: extra.zCounter,
    resetCounter: extra.zCounter === null ? null : MEMORY_RESETS,
    unsyncedCount: unsyncedOfShift(db, shift.id),
    queueVoided: queueVoidedOfShift(db, shift.id),
    override: extra.override,
  };
}
