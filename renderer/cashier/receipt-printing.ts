/** What the Electron preload puts on window.counterDesktop (electron/preload.ts desktopBridge); absent in a browser. */
interface DesktopPrinting {
  printReceipt(args: { id: string }): Promise<void>;
}

declare global {
  interface Window {
    counterDesktop?: DesktopPrinting;
  }
}

/**
 * Prints (or reprints) a sale's receipt through the host: the desktop app prints silently
 * to the counter's printer; in a browser the print dialog opens on the print-styled receipt.
 */
export async function printReceipt(saleId: string): Promise<'desktop' | 'browser'> {
  const desktop = window.counterDesktop;
  if (desktop) {
    await desktop.printReceipt({ id: saleId });
    return 'desktop';
  }
  window.print();
  return 'browser';
}
