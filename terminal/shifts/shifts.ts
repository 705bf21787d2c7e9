import { documentContextOf } from '../invoicing/document-head';
import { InvoiceProfileStore } from '../invoicing/invoice-profile-store';
import { uuidv7 } from 'uuidv7';
import { Compile } from 'typebox/compile';
import type { TerminalDb } from '../store/terminal-db';
import { TerminalError } from '../terminal-error';
import { shiftReport, unsyncedOfShift } from './shift-report';
import { ElectronicJournal } from '../journal/electronic-journal';
import { sealOf } from '../journal/journal-chain';
import { readingText } from '../journal/document-text';
import { ShiftReportSchema, type CloseShiftArgs, type Shift, type ShiftReport } from './shift-schemas';

interface ShiftRow {
  id: string;
  terminal_code: string;
  opened_at: string;
  opened_by: string;
  float_minor: number;
  closed_at: string | null;
  closed_by: string | null;
  z_report: string | null;
}

const ReportCheck = Compile(ShiftReportSchema);

const toShift = (r: ShiftRow): Shift => ({
  id: r.id,
  terminalCode: r.terminal_code,
  openedAt: r.opened_at,
  openedBy: r.opened_by,
  floatMinor: r.float_minor,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
});

/**
 * The till's shifts: opened with a float, read at any time (X report), closed once with
 * a Z report that is stored as printed. Sales and refunds join the open shift as they
 * are written (a trigger for sales, the refund's own insert), so totals are sums of rows.
 */
export class Shifts {
  constructor(private readonly db: TerminalDb) {}

  current(): Shift | null {
    const row = this.db.prepare('SELECT * FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1').get() as ShiftRow | undefined;
    return row ? toShift(row) : null;
  }

  /** Closed shifts, the latest first: a Z reading lost to a printer jam, or wanted again, is found here. */
  closed(limit: number): Shift[] {
    const rows = this.db.prepare('SELECT * FROM shifts WHERE closed_at IS NOT NULL ORDER BY seq DESC LIMIT ?').all(limit) as ShiftRow[];
    return rows.map(toShift);
  }

  open(terminalCode: string | null, floatMinor: number, openedBy: string, now: Date = new Date()): Shift {
    if (terminalCode === null) throw new TerminalError('not_paired', 'Pair this terminal before opening a shift.');
    return this.db.transaction(() => {
      const open = this.current();
      if (open !== null) {
        // Said as the reading prints it: the business's clock and the manager's name, not UTC and a code.
        const { nameOf, timeOf } = documentContextOf(this.db);
        throw new TerminalError(
          'shift_already_open',
          `A shift is already open since ${timeOf(open.openedAt)} (opened by ${nameOf(open.openedBy)}); close it first.`,
        );
      }
      const id = uuidv7();
      this.db
        .prepare('INSERT INTO shifts (id, terminal_code, opened_at, opened_by, float_minor) VALUES (?, ?, ?, ?, ?)')
        .run(id, terminalCode, now.toISOString(), openedBy, floatMinor);
      // Sales and refunds rung up while no shift was open belong to the drawer's next count:
      // the shift opened now takes them, so no X or Z report ever leaves them out.
      this.db.prepare('UPDATE sales SET shift_id = ? WHERE shift_id IS NULL').run(id);
      this.db.prepare('UPDATE refunds SET shift_id = ? WHERE shift_id IS NULL').run(id);
      this.db.prepare('UPDATE till_voids SET shift_id = ? WHERE shift_id IS NULL').run(id);
      return toShift(this.db.prepare('SELECT * FROM shifts WHERE id = ?').get(id) as ShiftRow);
    })();
  }

  /** The X report of the open shift, or the stored Z report of a closed one. */
  report(shiftId: string | undefined, now: Date = new Date()): ShiftReport {
    const row = (
      shiftId === undefined
        ? this.db.prepare('SELECT * FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1').get()
        : this.db.prepare('SELECT * FROM shifts WHERE id = ?').get(shiftId)
    ) as ShiftRow | undefined;
    if (!row)
      throw shiftId === undefined
        ? new TerminalError('shift_not_open', 'No shift is open on this terminal.')
        : new TerminalError('not_found', `No shift ${shiftId}.`);
    if (row.z_report !== null) {
      const stored: unknown = JSON.parse(row.z_report);
      if (ReportCheck.Check(stored)) return stored;
    }
    return shiftReport(this.db, toShift(row), 'X', now, { countedCashMinor: null, override: null, zCounter: null });
  }

  /**
   * Closes the open shift with its Z report. While sales or refunds of the shift have not
   * reached the back office, closing needs an override with a reason, recorded in the
   * report with the approving manager.
   */
  close(args: CloseShiftArgs, closedBy: string, now: Date = new Date()): ShiftReport {
    return this.db.transaction(() => {
      const open = this.current();
      if (open === null) throw new TerminalError('shift_not_open', 'No shift is open on this terminal.');
      const unsynced = unsyncedOfShift(this.db, open.id);
      if (unsynced > 0 && args.override === undefined) {
        throw new TerminalError(
          'unsynced_sales',
          `${unsynced} sale${unsynced === 1 ? '' : 's'} or refund${unsynced === 1 ? '' : 's'} of this shift ${unsynced === 1 ? 'has' : 'have'} not reached the back office yet. Wait for them, or close anyway giving a reason.`,
        );
      }
      const override = unsynced > 0 && args.override ? { by: closedBy, reason: args.override.reason, unsyncedCount: unsynced } : null;
      const closedAt = now.toISOString();
      const shift: Shift = { ...open, closedAt, closedBy };
      // One Z counter per Z reading, taken in the reading's own transaction: never skipped, never given twice.
      const zCounter = this.db.prepare("UPDATE till_counters SET value = value + 1 WHERE name = 'z_counter' RETURNING value").pluck().get() as number;
      const issuedUnder = new InvoiceProfileStore(this.db).read()?.profile;
      const journal = new ElectronicJournal(this.db);
      const head = journal.head();
      const report: ShiftReport = {
        ...shiftReport(this.db, shift, 'Z', now, { countedCashMinor: args.countedCashMinor ?? null, override, zCounter }),
        ...(issuedUnder ? { issuedUnder } : {}),
        ...(head ? { journalSeal: { throughSeq: head.seq, seal: sealOf(head.chain) } } : {}),
      };
      this.db
        .prepare(
          `UPDATE shifts SET closed_at = ?, closed_by = ?, counted_cash_minor = ?, unsynced_at_close = ?, override_by = ?, override_reason = ?, z_report = ?, z_counter = ?
           WHERE id = ? AND closed_at IS NULL`,
        )
        .run(
          closedAt,
          closedBy,
          args.countedCashMinor ?? null,
          unsynced,
          override?.by ?? null,
          override?.reason ?? null,
          JSON.stringify(report),
          zCounter,
          open.id,
        );
      // The Z reading's text in the electronic journal, in the closing transaction.
      journal.append({
        terminalCode: open.terminalCode,
        kind: 'z_reading',
        documentId: open.id,
        documentNumber: `Z${String(zCounter).padStart(6, '0')}`,
        reprint: false,
        at: now,
        text: readingText(report, false, documentContextOf(this.db, report.issuedUnder)),
      });
      return report;
    })();
  }
}
