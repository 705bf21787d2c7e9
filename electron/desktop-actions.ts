import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BaseWindow, Dialog } from 'electron';
import { Type } from 'typebox';
import type { SalePrints } from '../terminal/journal/journal-methods';
import { IdArgsSchema, type LocalSale, type TerminalApi } from '../terminal/terminal-api';
import type { EffectiveConfig } from './desktop-config';
import { diagnosticsArchive, type AboutThisCounter } from './diagnostics';
import { desktopChannels } from './ipc-channels';
import type { GuardedIpc } from './ipc-guard';
import { receiptHtml, testPrintHtml, type ReceiptHeader } from './receipt-html';
import type { ReceiptPrinter } from './receipt-printer';
import type { SaleInProgress } from './sale-in-progress';
import type { ShellLogger } from './shell-logger';
import { effectiveSettings } from './terminal-bridge';

/**
 * What the desktop does that the web host cannot: silent receipt printing (each print
 * counted by the core before it goes out: the original once, then reprints), a test
 * print, and a diagnostics archive. Reached from the menu and, through the same
 * guarded IPC helper, from window.counterDesktop.
 */
export interface DesktopActions {
  /** After a payment: the sale's original, unless the sale was printed already (the same sale answered again). */
  printOriginal(sale: LocalSale): Promise<void>;
  /** The cashier's P: the core counts it; after the first print it is a reprint, marked on paper and journaled. */
  reprint(args: { id: string }): Promise<void>;
  testPrint(): Promise<void>;
  /** The saved archive's path, or null when the save dialog was cancelled. */
  exportDiagnostics(): Promise<string | null>;
}

export interface DesktopActionsDeps {
  /** Every print of a sale is counted by the core before it goes to the printer (SalePrints). */
  core: TerminalApi & SalePrints;
  config: EffectiveConfig;
  printer: ReceiptPrinter;
  logFiles(): string[];
  dialog: Pick<Dialog, 'showSaveDialog'>;
  window(): BaseWindow | null;
  documentsFolder: string;
  about: AboutThisCounter;
  logger: ShellLogger;
}

export function desktopActions(deps: DesktopActionsDeps): DesktopActions {
  const { core, config, printer, logger } = deps;

  async function header(): Promise<ReceiptHeader> {
    const status = await core.getStatus().catch(() => null);
    const profile = await core.invoiceProfile().catch(() => null);
    const taxes = await core.listTaxes().catch(() => []);
    return {
      storeName: status?.storeCode ?? config.config.storeCode ?? 'Counter',
      terminalName: config.config.terminalName ?? status?.terminalCode ?? null,
      profile: profile?.profile ?? null,
      taxes: new Map(taxes.map((t) => [t.code, t])),
    };
  }

  async function printerName(): Promise<string | null> {
    return effectiveSettings(await core.getSettings(), config).printerName;
  }

  async function print(sale: LocalSale, reprint: boolean): Promise<void> {
    await printer.print(receiptHtml(sale, await header(), reprint), await printerName());
    logger.info({ saleId: sale.id, localNumber: sale.localNumber, reprint }, 'receipt printed');
  }

  return {
    async printOriginal({ id }) {
      const sale = await core.countOriginalPrint(id);
      if (sale === null) logger.info({ saleId: id }, 'receipt already printed: no second original');
      else await print(sale, false);
    },
    async reprint({ id }) {
      const { sale, reprint } = await core.countSalePrint(id);
      await print(sale, reprint);
    },
    async testPrint() {
      const name = await printerName();
      await printer.print(testPrintHtml(await header(), name, new Date()), name);
      logger.info({ printerName: name }, 'test print sent');
    },
    async exportDiagnostics() {
      const now = new Date();
      const suggested = path.join(deps.documentsFolder, `counter-diagnostics-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.zip`);
      const parent = deps.window();
      const dialogOptions = { title: 'Export diagnostics', defaultPath: suggested, filters: [{ name: 'ZIP archive', extensions: ['zip'] }] };
      const choice = parent ? await deps.dialog.showSaveDialog(parent, dialogOptions) : await deps.dialog.showSaveDialog(dialogOptions);
      if (choice.canceled || !choice.filePath) return null;
      const archive = await diagnosticsArchive({ logFiles: deps.logFiles(), config, core, about: deps.about, now });
      await writeFile(choice.filePath, archive);
      logger.info({ file: choice.filePath, bytes: archive.length }, 'diagnostics exported');
      return choice.filePath;
    },
  };
}

export function registerDesktopHandlers(ipc: GuardedIpc, actions: DesktopActions, sales: SaleInProgress): void {
  ipc.handle(desktopChannels.saleInProgress, Type.Object({ open: Type.Boolean() }), ({ open }) => sales.setFromRenderer(open));
  ipc.handle(desktopChannels.printReceipt, IdArgsSchema, (args) => actions.reprint(args));
  ipc.handle(desktopChannels.testPrint, null, () => actions.testPrint());
  ipc.handle(desktopChannels.exportDiagnostics, null, () => actions.exportDiagnostics());
}
