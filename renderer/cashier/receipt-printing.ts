/** What the Electron preload puts on window.counterDesktop (electron/preload.ts desktopBridge); absent in a browser. */
interface DesktopPrinting {
  printReceipt(args: { id: string }): Promise<void>;
}

declare global {
  interface Window {
    counterDesktop?: DesktopPrinting;
  }
}

let recordPrint: ((saleId: string) => Promise<unknown>) | null = null;

/** The counter screen tells the core of every receipt printed: a print after the first goes into the electronic journal as a reprint. */
export function recordReceiptPrintsWith(recorder: ((saleId: string) => Promise<unknown>) | null): void {
  recordPrint = recorder;
}

/**
 * Prints (or reprints) a sale's receipt through the host: the desktop app prints silently
 * to the counter's printer; in a browser the print dialog opens on the print-styled receipt.
 */
export async function printReceipt(saleId: string): Promise<'desktop' | 'browser'> {
  const desktop = window.counterDesktop;
  const recorded = () => recordPrint?.(saleId).catch((error: unknown) => console.warn('the print was not recorded in the journal', error));
  if (desktop) {
    await desktop.printReceipt({ id: saleId });
    await recorded();
    return 'desktop';
  }
  window.print();
  await recorded();
  return 'browser';
}
