import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { lockedWebPreferences } from './security';
import { ShellError } from './shell-logger';

/**
 * Silent printing to the configured printer from a hidden window that renders only the
 * receipt HTML: no preload, no JavaScript, so a hostile product name can do nothing.
 * One job at a time, in order, so two quick sales never interleave on the paper.
 */

type HiddenWindowFactory = (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'destroy' | 'webContents'>;

export const receiptWindowOptions: BrowserWindowConstructorOptions = {
  show: false,
  width: 302,
  height: 600,
  webPreferences: { ...lockedWebPreferences, javascript: false, images: false },
};

export class ReceiptPrinter {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly openHiddenWindow: HiddenWindowFactory) {}

  /** printerName null: the system default printer. Rejects with `print_failed` and the OS reason. */
  print(html: string, printerName: string | null): Promise<void> {
    const job = this.queue.then(() => this.printNow(html, printerName));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async printNow(html: string, printerName: string | null): Promise<void> {
    const window = this.openHiddenWindow(receiptWindowOptions);
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      await new Promise<void>((resolve, reject) => {
        window.webContents.print(
          { silent: true, printBackground: false, ...(printerName ? { deviceName: printerName } : {}), margins: { marginType: 'none' } },
          (success, failureReason) =>
            success
              ? resolve()
              : reject(new ShellError('print_failed', `Receipt not printed on ${printerName ?? 'the default printer'}: ${failureReason}`)),
        );
      });
    } finally {
      window.destroy();
    }
  }
}
