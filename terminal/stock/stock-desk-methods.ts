import type { Cashier } from '../cashiers/cashier-api';
import type { StatusBoard } from '../status-board';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';
import type { TerminalSettings } from '../store/terminal-settings';
import type { TerminalApi } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import type { CountedLinesArgs, CountScanArgs, ReceiveDeliveryArgs, ReceiveTransferArgs, SendTransferArgs } from './stock-desk-schemas';
import type { StockDeskWork } from './stock-desk';

/** The TerminalApi methods of the manager's stock desk (issue #12). */
export type StockDeskMethods = Pick<
  TerminalApi,
  'stockDesk' | 'refreshStockDesk' | 'stockWork' | 'countedLines' | 'countScan' | 'receiveDelivery' | 'sendTransfer' | 'receiveTransfer'
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
  /** Whether a counted code is a SKU or barcode of the till's catalog (catalog-cache.ts). */
  /** The code as the back office matches it (a SKU in the catalog's case), or null: no product of the catalog (CatalogCache.countedCode). */
  countedCode(code: string): string | null;
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
    async countedLines(args: CountedLinesArgs) {
      ensureOpen();
      deps.requireManagerHere('work on stock');
      return work.countedLines(args.countId);
    },
    async countScan(args: CountScanArgs) {
      ensureOpen();
      const manager = deps.requireManagerHere('count the shelves');
      paired();
      // The back office counts only codes it knows and lists the rest: a typo would be
      // "counted" here and on no shelf there. Said at the scan, while the product is in hand.
      const lines = args.lines.map((line) => {
        const code = deps.countedCode(line.code);
        if (code === null)
          throw new TerminalError(
            'not_found',
            `${line.code} is not a SKU or barcode of this till's catalog: nothing was counted. Check the code, or scan the product's barcode (a product added at the back office in the last few minutes reaches the till with its next catalog pull).`,
          );
        return { ...line, code };
      });
      return queued(work.countScan(args.workKey, args.countId, lines, manager.name));
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
