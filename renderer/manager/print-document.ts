import { printCounted } from '../print-marks';

/**
 * Prints what is on screen inside `.printable` (styles.css hides the rest for print).
 * The Electron shell offers silent printing for sale receipts only; return slips and
 * shift reports go through the print dialog in both hosts. The print is counted first: a
 * reprint of a Z reading or a return slip, or an X reading, goes into the electronic
 * journal, and a reprint is marked on the paper (printCounted).
 */
/** `timeZone`: the business's, in which a reprint's mark says when it was printed. */
export async function printDocument(record: () => Promise<{ reprint: boolean }>, timeZone: string): Promise<void> {
  await printCounted(record, timeZone);
}

/** Saves text (the electronic journal's day) as a file. */
export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const blob = new Blob([text], { type: `${type};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves JSON as a file through the browser's download (web host and Electron alike). */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
