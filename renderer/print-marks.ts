import { REPRINT_MARK } from '../protocol/journal';
import { documentTime } from '../terminal/invoicing/document-dates';

/** The documents on screen that go to paper (manager.css and cashier.css print only these). */
const PRINTED = '.printable, .printable-receipt';

/**
 * Prints the documents on screen through the browser's print dialog, counted first by the
 * core (`record`: the till's print counter and electronic journal). A print the core counts
 * as a reprint carries, on the paper itself, the journal's REPRINT line and when it was
 * printed, as the desktop app prints it (electron/receipt-html.ts): a copy never passes for
 * the original. Counted before the dialog opens, so a print cancelled there still counts
 * and the next one is marked; a print the core could not count is marked too. Never two
 * originals, at worst a copy marked twice.
 */
export async function printCounted(
  record: () => Promise<{ reprint: boolean }>,
  /** The business's: the mark's time is its wall clock, as every document's (documentTime). */
  timeZone: string,
  now: () => Date = () => new Date(),
): Promise<'original' | 'reprint'> {
  let reprint = true;
  try {
    reprint = (await record()).reprint;
  } catch (error: unknown) {
    console.warn('the print was not recorded in the journal: printed as a reprint', error);
  }
  const marks = reprint ? markReprints(documentTime(now().toISOString(), timeZone)) : [];
  try {
    window.print();
  } finally {
    for (const mark of marks) mark.remove();
  }
  return reprint ? 'reprint' : 'original';
}

/** A REPRINT line at the head of each printed document, for the print only (removed once the dialog closes). */
function markReprints(at: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(PRINTED)].map((printed) => {
    const mark = document.createElement('p');
    mark.className = 'reprint-mark';
    mark.dataset.testid = 'reprint-mark';
    mark.textContent = `${REPRINT_MARK} ${at}`;
    printed.prepend(mark);
    return mark;
  });
}
