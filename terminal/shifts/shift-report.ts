import type { TerminalDb } from '../store/terminal-db';
import type { CashierTotal, DayShift, KindTotal, Shift, ShiftReport } from './shift-schemas';
import { documentsVat } from './vat-breakdown';

/** The states of a queued write the back office does not have yet (a voided one it will never get). */
const UNSYNCED = "('pending', 'sending', 'needs_attention')";

interface QueuedDocuments {
  salesCount: number;
  salesMinor: number;
  refundsCount: number;
  refundsMinor: number;
}

/**
 * A reading's shifts in SQL: `shift_id IN (SELECT value FROM json_each(@ids))`, with `@ids`
 * the shifts' ids as a JSON array (one shift for an X reading, the day's for a Z).
 */
const IN_SHIFTS = 'IN (SELECT value FROM json_each(@ids))';
const idsOf = (shiftIds: readonly string[]) => ({ ids: JSON.stringify(shiftIds) });

/** The shifts' sales and refunds whose queued write is in one of these states: how many, and their totals. */
function shiftDocumentsIn(db: TerminalDb, shiftIds: readonly string[], states: string): QueuedDocuments {
  const of = (table: 'sales' | 'refunds') =>
    `FROM ${table} d JOIN outbox o ON o.document_id = d.id WHERE d.shift_id ${IN_SHIFTS} AND o.state IN ${states}`;
  return db
    .prepare(
      `SELECT (SELECT COUNT(*) ${of('sales')}) AS salesCount, (SELECT COALESCE(SUM(d.total_minor), 0) ${of('sales')}) AS salesMinor,
              (SELECT COUNT(*) ${of('refunds')}) AS refundsCount, (SELECT COALESCE(SUM(d.total_minor), 0) ${of('refunds')}) AS refundsMinor`,
    )
    .get(idsOf(shiftIds)) as QueuedDocuments;
}

/** Sales and refunds of these shifts that have not reached the back office. */
export function unsyncedOfShifts(db: TerminalDb, shiftIds: readonly string[]): number {
  const unsynced = shiftDocumentsIn(db, shiftIds, UNSYNCED);
  return unsynced.salesCount + unsynced.refundsCount;
}

/**
 * Sales and refunds of the shifts voided from the sync queue by a manager: still in the
 * reading (the drawer took and paid that money) but never sent, so the back office will
 * not have them. The manager reconciles the two by this line.
 */
const queueVoidedOfShifts = (db: TerminalDb, shiftIds: readonly string[]): QueuedDocuments => shiftDocumentsIn(db, shiftIds, "('voided')");

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
 * The grand total at a reading: every sale but those rung up since the last shift closed
 * (no shift open: they join the next shift, and its reading). While a shift is open there
 * are none.
 */
function grandTotalOfShifts(db: TerminalDb): number {
  const notYetInAShift = db
    .prepare('SELECT COALESCE(SUM(COALESCE(gross_minor, total_minor)), 0) FROM sales WHERE shift_id IS NULL')
    .pluck()
    .get() as number;
  return grandTotalNow(db) - notYetInAShift;
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

/** The shifts' cash paid in and out of the drawer, for their reading: each movement in order, and how many of each kind, how much. */
function cashMovesOfShifts(db: TerminalDb, shiftIds: readonly string[]): Pick<ShiftReport, 'cashMoves' | 'cashMovements'> {
  const cashMovements = db
    .prepare(
      `SELECT kind, amount_minor AS amountMinor, reason, approved_by AS approvedBy, occurred_at AS occurredAt FROM cash_movements WHERE shift_id ${IN_SHIFTS} ORDER BY seq`,
    )
    .all(idsOf(shiftIds)) as NonNullable<ShiftReport['cashMovements']>;
  const cashMoves = (['pay_in', 'pay_out'] as const).flatMap((kind): KindTotal[] => {
    const of = cashMovements.filter((m) => m.kind === kind);
    return of.length === 0 ? [] : [{ kind, count: of.length, amountMinor: of.reduce((total, m) => total + m.amountMinor, 0) }];
  });
  return { cashMoves, cashMovements };
}

/** A closed shift of a day's Z reading, with what its close stored: the cash its manager counted. */
export type ClosedShift = Shift & { closedAt: string; closedBy: string; countedCashMinor: number | null };

/**
 * The figures of a shift, each the sum of the shift's documents' own stored figures (the
 * sales, their payments and discounts, the refunds, the voids before payment): an X
 * reading while it is open, the same figures frozen as its own reading when it closes.
 * Nothing is recomputed from a total: the VAT is the sales' printed VAT less the refunds' printed VAT.
 */
export function shiftReport(
  db: TerminalDb,
  shift: Shift,
  kind: 'X' | 'Z',
  now: Date,
  extra: Pick<ShiftReport, 'countedCashMinor' | 'override'> & { zCounter: number | null },
): ShiftReport {
  return readingOf(db, shift, [shift.id], kind, now, extra, drawerCashMinor(db, shift.id, shift.floatMinor));
}

/**
 * The Z reading of a business day: the same figures over every shift the day had (closed
 * since the last Z), each still the sum of the documents. Its `shift` is the day: opened when
 * its first shift opened, closed now by whoever ends it, the floats summed; `shifts` lists
 * each shift's drawer. Counted cash is the sum of the counts when every shift was counted.
 */
export function dayReport(
  db: TerminalDb,
  shifts: readonly ClosedShift[],
  ended: { at: Date; by: string },
  extra: Pick<ShiftReport, 'override'> & { zCounter: number },
): ShiftReport {
  const first = shifts[0];
  const last = shifts[shifts.length - 1];
  if (first === undefined || last === undefined) throw new Error('a day has at least one shift');
  const day: DayShift[] = shifts.map((s) => ({
    id: s.id,
    openedAt: s.openedAt,
    openedBy: s.openedBy,
    closedAt: s.closedAt,
    closedBy: s.closedBy,
    floatMinor: s.floatMinor,
    salesCount: db.prepare('SELECT COUNT(*) FROM sales WHERE shift_id = ?').pluck().get(s.id) as number,
    expectedCashMinor: drawerCashMinor(db, s.id, s.floatMinor),
    countedCashMinor: s.countedCashMinor,
  }));
  const counted = day.every((s) => s.countedCashMinor !== null) ? day.reduce((sum, s) => sum + (s.countedCashMinor ?? 0), 0) : null;
  const period: Shift = {
    // The day's reading is kept with the shift that ended it.
    id: last.id,
    terminalCode: last.terminalCode,
    openedAt: first.openedAt,
    openedBy: first.openedBy,
    floatMinor: day.reduce((sum, s) => sum + s.floatMinor, 0),
    closedAt: ended.at.toISOString(),
    closedBy: ended.by,
  };
  const expected = day.reduce((sum, s) => sum + s.expectedCashMinor, 0);
  return {
    ...readingOf(
      db,
      period,
      day.map((s) => s.id),
      'Z',
      ended.at,
      { countedCashMinor: counted, override: extra.override, zCounter: extra.zCounter },
      expected,
    ),
    shifts: day,
  };
}

function readingOf(
  db: TerminalDb,
  shift: Shift,
  shiftIds: readonly string[],
  kind: 'X' | 'Z',
  now: Date,
  extra: Pick<ShiftReport, 'countedCashMinor' | 'override'> & { zCounter: number | null },
  expectedCashMinor: number,
): ShiftReport {
  const ids = idsOf(shiftIds);
  const sales = db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(COALESCE(gross_minor, total_minor)), 0) AS gross, COALESCE(SUM(COALESCE(discount_minor, 0)), 0) AS discount,
         COALESCE(SUM(total_minor), 0) AS total, COALESCE(SUM(change_minor), 0) AS change,
         (SELECT local_number FROM sales WHERE shift_id ${IN_SHIFTS} ORDER BY seq LIMIT 1) AS first,
         (SELECT local_number FROM sales WHERE shift_id ${IN_SHIFTS} ORDER BY seq DESC LIMIT 1) AS last
       FROM sales WHERE shift_id ${IN_SHIFTS}`,
    )
    .get(ids) as {
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
      `SELECT p.method, SUM(p.amount_minor) AS amount FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.shift_id ${IN_SHIFTS} GROUP BY p.method ORDER BY p.method`,
    )
    .all(ids) as { method: string; amount: number }[];
  // Rung up while no shift was open, each taken by the shift opened after it.
  const beforeOpen = db
    .prepare(`SELECT COUNT(*) FROM sales s JOIN shifts h ON h.id = s.shift_id WHERE s.shift_id ${IN_SHIFTS} AND s.occurred_at < h.opened_at`)
    .pluck()
    .get(ids) as number;
  const refunds = db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(total_minor), 0) AS total,
         (SELECT local_number FROM refunds WHERE shift_id ${IN_SHIFTS} ORDER BY seq LIMIT 1) AS first,
         (SELECT local_number FROM refunds WHERE shift_id ${IN_SHIFTS} ORDER BY seq DESC LIMIT 1) AS last
       FROM refunds WHERE shift_id ${IN_SHIFTS}`,
    )
    .get(ids) as { count: number; total: number; first: string | null; last: string | null };
  const notRestocked = db
    .prepare(
      `SELECT COUNT(*) AS lines, COALESCE(SUM(l.amount_minor), 0) AS amountMinor FROM refund_lines l JOIN refunds r ON r.seq = l.refund_seq
       WHERE r.shift_id ${IN_SHIFTS} AND l.restocked = 0`,
    )
    .get(ids) as { lines: number; amountMinor: number };
  const refundTenders = db
    .prepare(
      `SELECT t.method, SUM(t.amount_minor) AS amountMinor FROM refund_tenders t JOIN refunds r ON r.seq = t.refund_seq WHERE r.shift_id ${IN_SHIFTS} GROUP BY t.method ORDER BY 1`,
    )
    .all(ids) as { method: string; amountMinor: number }[];
  const discounts = db
    .prepare(
      `SELECT d.kind, COUNT(*) AS count, SUM(d.amount_minor) AS amountMinor FROM sale_discounts d JOIN sales s ON s.seq = d.sale_seq WHERE s.shift_id ${IN_SHIFTS} GROUP BY d.kind ORDER BY d.kind`,
    )
    .all(ids) as KindTotal[];
  const cashiers = db
    .prepare(
      `SELECT cashier, COUNT(*) AS salesCount, SUM(total_minor) AS salesMinor FROM sales WHERE shift_id ${IN_SHIFTS} GROUP BY cashier ORDER BY MIN(seq)`,
    )
    .all(ids) as CashierTotal[];
  const voids = db
    .prepare(
      `SELECT kind, COUNT(*) AS count, SUM(amount_minor) AS amountMinor FROM till_voids WHERE shift_id ${IN_SHIFTS} GROUP BY kind ORDER BY kind`,
    )
    .all(ids) as KindTotal[];
  // The change a cashier hands back comes out of the cash taken.
  const tenders = payments.map((p) => ({ method: p.method, amountMinor: p.method === 'cash' ? p.amount - sales.change : p.amount }));
  const netSalesMinor = sales.gross - sales.discount - refunds.total;
  const endingMinor = grandTotalOfShifts(db);
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
    cashiers,
    voids,
    netSalesMinor,
    tenders,
    refundTenders,
    notRestocked,
    ...cashMovesOfShifts(db, shiftIds),
    expectedCashMinor,
    countedCashMinor: extra.countedCashMinor,
    overShortMinor: extra.countedCashMinor === null ? null : extra.countedCashMinor - expectedCashMinor,
    vat: documentsVat(db, shiftIds),
    // Every sale in a shift is in these shifts or earlier ones (a sale rung up with no shift open joins the next): they began from the rest.
    grandTotal: { beginningMinor: endingMinor - sales.gross, endingMinor },
    zCounter: extra.zCounter,
    resetCounter: extra.zCounter === null ? null : MEMORY_RESETS,
    unsyncedCount: unsyncedOfShifts(db, shiftIds),
    queueVoided: queueVoidedOfShifts(db, shiftIds),
    override: extra.override,
  };
}
