import { documentContextOf } from '../invoicing/document-head';
import { InvoiceProfileStore } from '../invoicing/invoice-profile-store';
import { uuidv7 } from 'uuidv7';
import { Compile } from 'typebox/compile';
import type { TerminalDb } from '../store/terminal-db';
import { TerminalError } from '../terminal-error';
import { dayReport, shiftReport, unsyncedOfShifts, type ClosedShift } from './shift-report';
import { ElectronicJournal } from '../journal/electronic-journal';
import { sealOf } from '../journal/journal-chain';
import { readingText } from '../journal/document-text';
import { ShiftReportSchema, type CloseShiftArgs, type EndDayArgs, type Shift, type ShiftReport } from './shift-schemas';

interface ShiftRow {
  seq: number;
  id: string;
  terminal_code: string;
  opened_at: string;
  opened_by: string;
  float_minor: number;
  closed_at: string | null;
  closed_by: string | null;
  counted_cash_minor: number | null;
  x_report: string | null;
  z_report: string | null;
  z_counter: number | null;
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
  ...(r.closed_at === null ? {} : { endedDay: r.z_report !== null, ownReading: r.x_report !== null }),
  ...(r.z_counter === null ? {} : { zCounter: r.z_counter }),
});

/** A stored reading, as it was kept; null when absent (or not a reading this version reads). */
function storedReading(json: string | null): ShiftReport | null {
  if (json === null) return null;
  const stored: unknown = JSON.parse(json);
  return ReportCheck.Check(stored) ? stored : null;
}

/**
 * "1 sale or refund of this shift has", "3 sales or refunds of the day's shifts have"; ending
 * a day whose shifts are all closed, "of the day's shift" (no shift is "this" one then: found by a walk).
 */
function unsyncedText(unsynced: number, shifts: number, dayEnd = false): string {
  const one = unsynced === 1;
  const whose = dayEnd ? `the day's shift${shifts === 1 ? '' : 's'}` : shifts === 1 ? 'this shift' : "the day's shifts";
  return `${unsynced} sale${one ? '' : 's'} or refund${one ? '' : 's'} of ${whose} ${one ? 'has' : 'have'} not reached the back office yet.`;
}

/**
 * The till's shifts: opened with a float, read at any time (X reading), closed once. A
 * business day ends with ONE Z reading over every shift it had (BIR: X per cashier shift, Z
 * per day): closing the last shift of the day ends it (the default), closing a shift with
 * another to follow keeps the shift's own X reading, and `endDay` ends a day whose shifts are
 * all closed. Each reading is stored as printed. Sales and refunds join the open shift as
 * they are written (a trigger for sales, the refund's own insert), so totals are sums of rows.
 */
export class Shifts {
  constructor(private readonly db: TerminalDb) {}

  current(): Shift | null {
    const row = this.db.prepare('SELECT * FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1').get() as ShiftRow | undefined;
    return row ? toShift(row) : null;
  }

  /** Closed shifts, the latest first: a reading lost to a printer jam, or wanted again, is found here. */
  closed(limit: number): Shift[] {
    const rows = this.db.prepare('SELECT * FROM shifts WHERE closed_at IS NOT NULL ORDER BY seq DESC LIMIT ?').all(limit) as ShiftRow[];
    return rows.map(toShift);
  }

  /** The closed shifts no Z reading covers yet, in order: the day still to be ended. */
  private dayToEnd(): ShiftRow[] {
    return this.db
      .prepare(
        `SELECT * FROM shifts WHERE closed_at IS NOT NULL AND z_report IS NULL
           AND seq > COALESCE((SELECT MAX(seq) FROM shifts WHERE z_report IS NOT NULL), 0) ORDER BY seq`,
      )
      .all() as ShiftRow[];
  }

  open(terminalCode: string | null, floatMinor: number, openedBy: string, now: Date = new Date()): Shift {
    if (terminalCode === null) throw new TerminalError('not_paired', 'Pair this terminal before opening a shift.');
    return this.db.transaction(() => {
      const open = this.current();
      // Said as the reading prints it: the business's clock and the manager's name, not UTC and a code.
      const { nameOf, timeOf } = documentContextOf(this.db);
      if (open !== null) {
        throw new TerminalError(
          'shift_already_open',
          `A shift is already open since ${timeOf(open.openedAt)} (opened by ${nameOf(open.openedBy)}); close it first.`,
        );
      }
      // One Z reading per business day: a day whose shifts were closed without one is ended before the next day's first shift.
      const lastOfDay = this.dayToEnd().at(-1);
      const journal = new ElectronicJournal(this.db);
      if (lastOfDay?.closed_at && journal.dayOf(new Date(lastOfDay.closed_at)) < journal.dayOf(now)) {
        throw new TerminalError(
          'day_not_ended',
          `The day of the shift closed ${timeOf(lastOfDay.closed_at)} has no Z reading yet: end that day first (End the day), then open the shift.`,
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

  /**
   * The X reading of the open shift, or a closed shift's stored reading: the day's Z it ended
   * (or `reading: 'X'`, the shift's own X as it closed), or its own X when it ended no day.
   */
  report(shiftId: string | undefined, now: Date = new Date(), reading?: 'X' | 'Z'): ShiftReport {
    const row = (
      shiftId === undefined
        ? this.db.prepare('SELECT * FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1').get()
        : this.db.prepare('SELECT * FROM shifts WHERE id = ?').get(shiftId)
    ) as ShiftRow | undefined;
    if (!row)
      throw shiftId === undefined
        ? new TerminalError('shift_not_open', 'No shift is open on this terminal.')
        : new TerminalError('not_found', `No shift ${shiftId}.`);
    const z = storedReading(row.z_report);
    const x = storedReading(row.x_report);
    if (reading === 'Z' && z === null && row.closed_at !== null)
      throw new TerminalError('not_found', "This shift ended no day: its day's Z reading is kept with the shift that ended the day.");
    // A shift closed before shifts kept their own X has only its Z.
    const kept = reading === 'X' ? (x ?? z) : (z ?? x);
    if (kept !== null) return kept;
    return shiftReport(this.db, toShift(row), 'X', now, { countedCashMinor: null, override: null, zCounter: null });
  }

  /**
   * Closes the open shift with its own X reading (the cash counted), and unless another shift
   * follows today (`endDay: false`), ends the business day with its Z reading over every shift
   * closed since the last Z and this one. While sales or refunds of them have not reached the
   * back office, closing needs an override with a reason, recorded in the readings with the
   * approving manager. Answers the Z reading, or the shift's X when the day goes on.
   */
  close(args: CloseShiftArgs, closedBy: string, now: Date = new Date()): ShiftReport {
    return this.db.transaction(() => {
      const open = this.current();
      if (open === null) throw new TerminalError('shift_not_open', 'No shift is open on this terminal.');
      const endDay = args.endDay ?? true;
      const earlier = endDay ? this.dayToEnd() : [];
      const override = this.overrideFor([...earlier.map((r) => r.id), open.id], args.override, closedBy);
      const closedAt = now.toISOString();
      const counted = args.countedCashMinor ?? null;
      const reading = shiftReport(this.db, { ...open, closedAt, closedBy }, 'X', now, { countedCashMinor: counted, override: null, zCounter: null });
      // The shift's own X records the override with the shift's own count, which it read (the day's Z, with the day's).
      const own: ShiftReport = {
        ...reading,
        override: override && reading.unsyncedCount > 0 ? { ...override, unsyncedCount: reading.unsyncedCount } : null,
      };
      this.db
        .prepare(
          `UPDATE shifts SET closed_at = ?, closed_by = ?, counted_cash_minor = ?, unsynced_at_close = ?, override_by = ?, override_reason = ?, x_report = ?
           WHERE id = ? AND closed_at IS NULL`,
        )
        .run(closedAt, closedBy, counted, own.unsyncedCount, override?.by ?? null, override?.reason ?? null, JSON.stringify(own), open.id);
      if (!endDay) {
        // The shift's own X reading, issued as it closes: in the electronic journal now (its first print adds nothing, a later one is a reprint).
        new ElectronicJournal(this.db).append({
          terminalCode: open.terminalCode,
          kind: 'x_reading',
          documentId: open.id,
          documentNumber: `X-${own.generatedAt}`,
          reprint: false,
          at: now,
          text: readingText(own, false, documentContextOf(this.db)),
        });
        return own;
      }
      const shifts = [...earlier.map(closedShiftOf), { ...open, closedAt, closedBy, countedCashMinor: counted }];
      return this.takeZ(shifts, { at: now, by: closedBy }, override);
    })();
  }

  /** Ends the business day whose shifts are all closed (the last closed with another to follow): its Z reading. */
  endDay(args: EndDayArgs, endedBy: string, now: Date = new Date()): ShiftReport {
    return this.db.transaction(() => {
      if (this.current() !== null)
        throw new TerminalError('shift_open', "A shift is still open: close it and end the day there (the day's Z reading covers it).");
      const day = this.dayToEnd();
      if (day.length === 0) throw new TerminalError('day_already_ended', 'Every closed shift is in a Z reading already: there is no day to end.');
      const override = this.overrideFor(
        day.map((r) => r.id),
        args.override,
        endedBy,
        true,
      );
      return this.takeZ(day.map(closedShiftOf), { at: now, by: endedBy }, override);
    })();
  }

  /** The override that closing these shifts needs while documents of theirs are not at the back office; refused without one. */
  private overrideFor(shiftIds: string[], given: CloseShiftArgs['override'], by: string, dayEnd = false): ShiftReport['override'] {
    const unsynced = unsyncedOfShifts(this.db, shiftIds);
    if (unsynced > 0 && given === undefined) {
      throw new TerminalError('unsynced_sales', `${unsyncedText(unsynced, shiftIds.length, dayEnd)} Wait for them, or close anyway giving a reason.`);
    }
    return unsynced > 0 && given ? { by, reason: given.reason, unsyncedCount: unsynced } : null;
  }

  /** The day's Z reading, in the caller's transaction: its Z counter, stored with the day's last shift, and in the journal. */
  private takeZ(shifts: ClosedShift[], ended: { at: Date; by: string }, override: ShiftReport['override']): ShiftReport {
    // One Z counter per Z reading, taken in the reading's own transaction: never skipped, never given twice.
    const zCounter = this.db.prepare("UPDATE till_counters SET value = value + 1 WHERE name = 'z_counter' RETURNING value").pluck().get() as number;
    const issuedUnder = new InvoiceProfileStore(this.db).read()?.profile;
    const journal = new ElectronicJournal(this.db);
    const head = journal.head();
    // The day it ends: its last shift's (ended after midnight, the day before is still that day).
    const businessDay = journal.dayOf(new Date(shifts.at(-1)?.closedAt ?? ended.at));
    const report: ShiftReport = {
      ...dayReport(this.db, shifts, ended, { override, zCounter }),
      businessDay,
      ...(issuedUnder ? { issuedUnder } : {}),
      ...(head ? { journalSeal: { throughSeq: head.seq, seal: sealOf(head.chain) } } : {}),
    };
    this.db
      .prepare('UPDATE shifts SET z_report = ?, z_counter = ? WHERE id = ? AND z_report IS NULL')
      .run(JSON.stringify(report), zCounter, report.shift.id);
    // The Z reading's text in the electronic journal, in the closing transaction.
    journal.append({
      terminalCode: report.shift.terminalCode,
      kind: 'z_reading',
      documentId: report.shift.id,
      documentNumber: `Z${String(zCounter).padStart(6, '0')}`,
      reprint: false,
      at: ended.at,
      day: businessDay,
      text: readingText(report, false, documentContextOf(this.db, report.issuedUnder)),
    });
    return report;
  }
}

const closedShiftOf = (r: ShiftRow): ClosedShift => ({
  ...toShift(r),
  closedAt: r.closed_at ?? '',
  closedBy: r.closed_by ?? '',
  countedCashMinor: r.counted_cash_minor,
});
