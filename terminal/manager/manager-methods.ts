import type { Outbox } from '../sync/outbox';
import type { LocalRefunds } from '../refunds/local-refunds';
import { refundableSale, saleForRefund } from '../refunds/refundable-sale';
import { refuseShortRefundReason } from '../refunds/refund-reason';
import type { ReceiptLookupArgs, RefundArgs } from '../refunds/refund-schemas';
import type { ClosedShiftsArgs, CloseShiftArgs, EndDayArgs, OpenShiftArgs, ShiftReportArgs } from '../shifts/shift-schemas';
import type { MoveCashArgs, ShiftCashMovementsArgs } from '../drawer/cash-movement-schemas';
import { CashMovements, refuseShortMoveReason } from '../drawer/cash-movements';
import { Shifts } from '../shifts/shifts';
import type { StatusBoard } from '../status-board';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalSettings } from '../store/terminal-settings';
import type { TerminalApi } from '../terminal-api';
import type { ManagerApprover } from './manager-approvals';
import type { VoidEntryArgs } from './queue-schemas';
import { SyncQueue } from './sync-queue';

/** The TerminalApi methods of the manager's screens: the sync queue, refunds, shifts. */
export type ManagerMethods = Pick<
  TerminalApi,
  | 'queueCounts'
  | 'voidQueueEntry'
  | 'exportQueue'
  | 'lookupReceipt'
  | 'refund'
  | 'openShift'
  | 'currentShift'
  | 'closedShifts'
  | 'shiftReport'
  | 'closeShift'
  | 'endDay'
  | 'moveCash'
  | 'shiftCashMovements'
>;

export interface ManagerDeps {
  db: TerminalDb;
  outbox: Outbox;
  refunds: LocalRefunds;
  settings: TerminalSettings;
  board: StatusBoard;
  approver: ManagerApprover;
  /** Throws `not_signed_in` or `not_allowed` unless a manager is signed in at the terminal. */
  requireManager(what: string): void;
  /** Throws `manager_required` unless a manager is signed in, whatever the roster (voids). */
  requireManagerHere(what: string): void;
  appVersion: string;
  /** Throws once the core is closed. */
  ensureOpen(): void;
  /** A new write is queued: the sync worker should look. */
  wakeWorker(): void;
  /** An entry was voided: its number goes to the back office as voided (sync/void-reports.ts). */
  voided?(): void;
}

export function managerMethods(deps: ManagerDeps): ManagerMethods {
  const { db, outbox, refunds, settings, board, approver, ensureOpen } = deps;
  const queue = new SyncQueue(db, outbox);
  const shifts = new Shifts(db);
  const drawer = new CashMovements(db);
  const terminalCode = () => settings.pairing()?.terminalCode ?? null;

  return {
    async queueCounts() {
      ensureOpen();
      return queue.counts();
    },

    async voidQueueEntry(raw: VoidEntryArgs) {
      ensureOpen();
      const args = raw;
      // A void drops a sale from what the back office will ever see: a manager at the till, and their PIN on the record.
      deps.requireManagerHere('void a queued write');
      const by = approver.approve(args.approval, 'void a queued write');
      const item = queue.void(args.id, args.reason, by);
      board.publish();
      deps.voided?.();
      return item;
    },

    async exportQueue() {
      ensureOpen();
      // The whole queue, settings and status in one file: the manager's, not the till's.
      deps.requireManager('export the sync queue');
      return {
        exportedAt: new Date().toISOString(),
        appVersion: deps.appVersion,
        // The status names the server and the codes; the token stays in the pairing, never exported.
        status: board.status(),
        settings: settings.settings(),
        counts: queue.counts(),
        entries: queue.all(),
      };
    },

    async lookupReceipt(raw: ReceiptLookupArgs) {
      ensureOpen();
      const args = raw;
      const sale = saleForRefund(db, args.number);
      return sale === null ? null : refundableSale(db, sale, refunds.ofSale(sale.id));
    },

    async refund(raw: RefundArgs) {
      ensureOpen();
      const args = raw;
      // Before the PIN: a refusal for the reason counts no wrong PIN and writes nothing.
      refuseShortRefundReason(args.reason);
      const approvedBy = approver.approve(args.approval, 'give a refund');
      const refund = refunds.refund(args, terminalCode(), approvedBy);
      deps.wakeWorker();
      board.publish();
      return refund;
    },

    async openShift(raw: OpenShiftArgs) {
      ensureOpen();
      const args = raw;
      const openedBy = approver.approve(args.approval, 'open a shift');
      return shifts.open(terminalCode(), args.floatMinor, openedBy);
    },

    async currentShift() {
      ensureOpen();
      return shifts.current();
    },

    async closedShifts(raw: ClosedShiftsArgs) {
      ensureOpen();
      return shifts.closed(raw.limit ?? 20);
    },

    async shiftReport(raw: ShiftReportArgs) {
      ensureOpen();
      return shifts.report(raw.shiftId, new Date(), raw.reading);
    },

    async closeShift(raw: CloseShiftArgs) {
      ensureOpen();
      const args = raw;
      const closedBy = approver.approve(args.approval, 'close the shift');
      return shifts.close(args, closedBy);
    },

    async endDay(args: EndDayArgs) {
      ensureOpen();
      const endedBy = approver.approve(args.approval, 'end the day');
      return shifts.endDay(args, endedBy);
    },

    async moveCash(args: MoveCashArgs) {
      ensureOpen();
      // Before the PIN: a refusal for the reason counts no wrong PIN and writes nothing. The PIN
      // comes before the state of the drawer (no shift open): who may is always said first (terminal-api.ts roles).
      refuseShortMoveReason(args.reason);
      const approvedBy = approver.approve(args.approval, args.kind === 'pay_in' ? 'pay cash into the drawer' : 'pay cash out of the drawer');
      return drawer.record(args, approvedBy);
    },

    async shiftCashMovements(args: ShiftCashMovementsArgs) {
      ensureOpen();
      const shiftId = args.shiftId ?? shifts.current()?.id;
      return shiftId === undefined ? [] : drawer.ofShift(shiftId);
    },
  };
}
