import { journalAsCsv, journalAsText } from '../../protocol/journal-export';
import type { LocalRefunds } from '../refunds/local-refunds';
import { journalRefund } from '../refunds/local-refunds';
import type { LocalSales } from '../sales/local-sales';
import { Shifts } from '../shifts/shifts';
import type { TerminalDb } from '../store/terminal-db';
import type { LocalSale, TerminalApi } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import { invoiceText, readingText, refundText } from './document-text';
import { ElectronicJournal } from './electronic-journal';
import { checkJournal } from './journal-chain';
import { documentContextOf } from '../invoicing/document-head';
import type { JournalDayArgs, PrintRecord, RecordPrintArgs } from './journal-schemas';

export type JournalMethods = Pick<TerminalApi, 'recordPrint' | 'journalDay' | 'checkJournal'> & SalePrints;

/**
 * For a host that prints sales invoices itself (the desktop shell, electron/desktop-actions.ts):
 * it asks the core before each print what that print is, so the count never depends on a
 * screen reporting it afterwards. Not on the screens' method table.
 */
export interface SalePrints {
  /**
   * The invoice printed by itself after a payment: counted as the sale's original when the
   * sale was never printed; null, and nothing counted, when it was (a pay that answered a
   * cart already paid, a double click): there is nothing to print, the original exists.
   */
  countOriginalPrint(saleId: string): Promise<LocalSale | null>;
  /** Any other print of a sale (the cashier's P, F5): counted; after the first, a reprint, journaled under *** REPRINT ***. */
  countSalePrint(saleId: string): Promise<{ sale: LocalSale; reprint: boolean }>;
}

export interface JournalDeps {
  db: TerminalDb;
  sales: LocalSales;
  refunds: LocalRefunds;
  terminalCode(): string | null;
  /** Throws `not_signed_in` unless someone is signed in (once the till has a roster). */
  requireSignedIn(): void;
  /** Throws unless a manager is signed in (the journal export is the manager's). */
  requireManager(what: string): void;
  ensureOpen(): void;
}

/**
 * The electronic journal at the counter: every print is counted (a print after the
 * first is a reprint, journaled as such; an X reading is journaled when printed), and a
 * manager exports one day of it.
 */
export function journalMethods(deps: JournalDeps): JournalMethods {
  const { db, sales, refunds } = deps;
  const journal = new ElectronicJournal(db);
  const shifts = new Shifts(db);

  /** Counts a print of a sale (journaling a reprint) inside the caller's transaction; the sale and what this print is. */
  const countSale = (id: string, now: Date): { sale: LocalSale } & PrintRecord => {
    const sale = sales.get(id);
    if (sale === null) throw new TerminalError('not_found', `No sale ${id} on this terminal.`);
    if (!journal.countPrint(sale.id, now)) return { sale, journalSeq: null, reprint: false };
    const seq = journal.append({
      terminalCode: sale.localNumber.split('-')[0] ?? '?',
      kind: 'sale',
      documentId: sale.id,
      documentNumber: sale.localNumber,
      reprint: true,
      at: now,
      text: invoiceText(sales.invoiceOf(sale), true),
    });
    return { sale, journalSeq: seq, reprint: true };
  };

  const print = (args: RecordPrintArgs, now: Date): PrintRecord =>
    db.transaction((): PrintRecord => {
      if (args.kind === 'sale') {
        const { journalSeq, reprint } = countSale(args.id, now);
        return { journalSeq, reprint };
      }
      if (args.kind === 'refund') {
        const refund = refunds.get(args.id);
        if (refund === null) throw new TerminalError('not_found', `No refund ${args.id} on this terminal.`);
        if (!journal.countPrint(refund.id, now)) return { journalSeq: null, reprint: false };
        const seq = journal.append({
          terminalCode: refund.localNumber.split('-')[0] ?? '?',
          kind: 'refund',
          documentId: refund.id,
          documentNumber: refund.localNumber,
          reprint: true,
          at: now,
          text: refundText(journalRefund(refund), true, documentContextOf(db)),
        });
        return { journalSeq: seq, reprint: true };
      }
      const report = shifts.report(args.id, now, args.reading);
      if (report.kind === 'X') {
        // Each X reading of an open shift printed is a reading of its own; a closed shift's own
        // X, kept as it closed, is one document: printed again, it is a reprint. Closed with
        // another shift to follow, it was journaled then: its first print adds nothing.
        const reprint = report.shift.closedAt !== null && journal.countPrint(`${report.shift.id}/X`, now);
        if (report.shift.closedAt !== null && !reprint && journal.holds('x_reading', report.shift.id, `X-${report.generatedAt}`))
          return { journalSeq: null, reprint: false };
        const seq = journal.append({
          terminalCode: report.shift.terminalCode,
          kind: 'x_reading',
          documentId: report.shift.id,
          documentNumber: `X-${report.generatedAt}`,
          reprint,
          at: now,
          text: readingText(report, reprint, documentContextOf(db)),
        });
        return { journalSeq: seq, reprint };
      }
      if (!journal.countPrint(report.shift.id, now)) return { journalSeq: null, reprint: false };
      const seq = journal.append({
        terminalCode: report.shift.terminalCode,
        kind: 'z_reading',
        documentId: report.shift.id,
        documentNumber: `Z${String(report.zCounter ?? 0).padStart(6, '0')}`,
        reprint: true,
        at: now,
        text: readingText(report, true, documentContextOf(db, report.issuedUnder)),
      });
      return { journalSeq: seq, reprint: true };
    })();

  return {
    async countOriginalPrint(saleId: string) {
      deps.ensureOpen();
      const now = new Date();
      return db.transaction((): LocalSale | null => {
        const sale = sales.get(saleId);
        if (sale === null) throw new TerminalError('not_found', `No sale ${saleId} on this terminal.`);
        return journal.countFirstPrint(sale.id, now) ? sale : null;
      })();
    },

    async countSalePrint(saleId: string) {
      deps.ensureOpen();
      deps.requireSignedIn();
      const now = new Date();
      return db.transaction(() => {
        const { sale, reprint } = countSale(saleId, now);
        return { sale, reprint };
      })();
    },

    async recordPrint(args: RecordPrintArgs) {
      deps.ensureOpen();
      deps.requireSignedIn();
      return print(args, new Date());
    },

    async checkJournal() {
      deps.ensureOpen();
      deps.requireManager('check the electronic journal');
      return checkJournal(db);
    },

    async journalDay(args: JournalDayArgs) {
      deps.ensureOpen();
      deps.requireManager('export the electronic journal');
      // No day: today, on the business's wall clock (as each entry's day is).
      const day = args.day ?? journal.dayOf(new Date());
      const entries = journal.day(day);
      const code = deps.terminalCode();
      return {
        day,
        terminalCode: code,
        entries,
        text: journalAsText(code ?? '?', day, entries, journal.timeZone()),
        csv: journalAsCsv(code ?? '?', entries),
      };
    },
  };
}
