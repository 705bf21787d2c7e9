import { csvCell } from './csv-cell';
import type { JournalEntry } from './journal';
import { wallClockStamp } from './wall-clock';

/** A stored time shown by `show`; one that is not a time, as it is. */
const shownTime = (stored: string, show: (at: Date) => string) => {
  const at = new Date(stored);
  return Number.isNaN(at.getTime()) ? stored : show(at);
};

/** When an entry was printed, on the business's clock. */
const printedOn = (printedAt: string, timeZone: string) => shownTime(printedAt, (at) => wallClockStamp(at, timeZone));

/** How many documents the entries are: a long document is journaled in parts (terminal/journal/journal-parts.ts), counted once. */
export const journalDocumentCount = (entries: readonly JournalEntry[]): number =>
  entries.filter((e) => !/^\(part ([2-9]|\d\d+) of \d+\)\n/.test(e.text)).length;

/**
 * A day of a till's electronic journal as a file, the same from the till and from the
 * back office: plain text (each document as printed, under a header line with the time it
 * was printed on the business's wall clock, `timeZone`, as the paper shows it) or CSV (one row
 * per document, `printed_at` in UTC for a program to read, the text in its last column).
 */
export function journalAsText(terminalCode: string, day: string, entries: readonly JournalEntry[], timeZone: string): string {
  const documents = journalDocumentCount(entries);
  const head = `ELECTRONIC JOURNAL · Terminal ${terminalCode} · ${day} · ${documents} document${documents === 1 ? '' : 's'}\n`;
  return (
    head +
    entries
      .map(
        (e) =>
          `\n=== #${e.seq} ${e.kind}${e.reprint ? ' (REPRINT)' : ''} ${e.documentNumber} · ${printedOn(e.printedAt, timeZone)} ===\n${e.text.replace(/\n?$/, '\n')}`,
      )
      .join('')
  );
}

/** A stored time as the UTC instant (`…Z`), whatever offset the till wrote it with. */
const utcInstant = (printedAt: string) => shownTime(printedAt, (at) => at.toISOString());

/**
 * The CSV, after a UTF-8 byte order mark as the books have (a spreadsheet opened by a double
 * click reads "Peña" as written); `printed_at` is always the UTC instant, one format down the column.
 */
export function journalAsCsv(terminalCode: string, entries: readonly JournalEntry[]): string {
  const rows: (string | number)[][] = [['terminal', 'seq', 'day', 'printed_at', 'kind', 'document_number', 'reprint', 'text']];
  for (const e of entries)
    rows.push([terminalCode, e.seq, e.day, utcInstant(e.printedAt), e.kind, e.documentNumber, e.reprint ? 'yes' : 'no', e.text]);
  return '\ufeff' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
