import { printCounted } from '../print-marks';

/** What the Electron preload puts on window.counterDesktop (electron/preload.ts desktopBridge); absent in a browser. */
interface DesktopPrinting {
  printReceipt(args: { id: string }): Promise<void>;
}

declare global {
  interface Window {
    counterDesktop?: DesktopPrinting;
  }
}

let recordPrint: ((saleId: string) => Promise<{ reprint: boolean }>) | null = null;

/**
 * In a browser the counter screen tells the core of every receipt it printed: a print after the first goes into the
 * electronic journal as a reprint. The desktop app counts its own prints (electron/desktop-actions.ts): nothing to tell.
 */
export function recordReceiptPrintsWith(recorder: ((saleId: string) => Promise<{ reprint: boolean }>) | null): void {
  recordPrint = recorder;
}

/**
 * Prints (or reprints) a sale's receipt through the host: the desktop app prints silently
 * to the counter's printer, counting the print in the core itself (a reprint is marked and
 * journaled there); in a browser the print is counted first and the print dialog opens on
 * the print-styled receipt, a reprint marked on it (printCounted).
 */
/** `timeZone`: the business's, in which a reprint's mark says when it was printed. */
export async function printReceipt(saleId: string, timeZone: string): Promise<'desktop' | 'browser'> {
  const desktop = window.counterDesktop;
  if (desktop) {
    await desktop.printReceipt({ id: saleId });
    return 'desktop';
  }
  const recorder = recordPrint;
  if (recorder) await printCounted(() => recorder(saleId), timeZone);
  else window.print();
  return 'browser';
}
