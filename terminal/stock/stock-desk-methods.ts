import type { Cashier } from '../cashiers/cashier-api';
import type { StatusBoard } from '../status-board';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';
import type { TerminalSettings } from '../store/terminal-settings';
import type { TerminalApi } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import type { CountScanArgs, ReceiveDeliveryArgs, ReceiveTransferArgs, SendTransferArgs } from './stock-desk-schemas';
import type { StockDeskWork } from './stock-desk';

/** The TerminalApi methods of the manager's stock desk (issue #12). */
export type StockDeskMethods = Pick<
  TerminalApi,
  'stockDesk' | 'refreshStockDesk' | 'stockWork' | 'countScan' | 'receiveDelivery' | 'sendTransfer' | 'receiveTransfer'
>;

export interface StockDeskDeps {
  work: StockDeskWork;
  settings: TerminalSettings;
  board: StatusBoard;
  client: BackOfficeClient;
  connection(): Connection | null;
  /** Throws `manager_required` unless a manager is signed in at this till; returns them. */
  requireManagerHere(what: string): Cashier;
  ensureOpen(): void;
  wakeWorker(): void;
}

export function stockDeskMethods(deps: StockDeskDeps): StockDeskMethods {
  const { work, ensureOpen } = deps;
  const paired = () => {
    const pairing = deps.settings.pairing();
    if (pairing === null) throw new TerminalError('not_paired', 'Pair this till before working on stock.');
    return pairing;
  };
  const queued = <T>(result: T): T => {
    deps.wakeWorker();
    deps.board.publish();
    return result;
  };
  return {
    async stockDesk() {
      ensureOpen();
      deps.requireManagerHere('work on stock');
      return work.desk();
    },
    async refreshStockDesk() {
      ensureOpen();
      deps.requireManagerHere('work on stock');
      return work.refresh(deps.client, deps.connection(), paired().storeCode);
    },
    async stockWork() {
      ensureOpen();
      deps.requireManagerHere('work on stock');
      return work.work();
    },
    async countScan(args: CountScanArgs) {
      ensureOpen();
      const manager = deps.requireManagerHere('count the shelves');
      paired();
      return queued(work.countScan(args.workKey, args.countId, args.lines, manager.name));
    },
    async receiveDelivery(args: ReceiveDeliveryArgs) {
      ensureOpen();
      const manager = deps.requireManagerHere('receive a delivery');
      paired();
      return queued(work.receiveDelivery(args.workKey, args.receiptId, args.lines, manager.name));
    },
    async sendTransfer(args: SendTransferArgs) {
      ensureOpen();
      const manager = deps.requireManagerHere('send a transfer');
      paired();
      return queued(work.sendTransfer(args.workKey, args.transferId, manager.name));
    },
    async receiveTransfer(args: ReceiveTransferArgs) {
      ensureOpen();
      const manager = deps.requireManagerHere('receive a transfer');
      paired();
      return queued(work.receiveTransfer(args.workKey, args.transferId, args.lines, manager.name));
    },
  };
}
