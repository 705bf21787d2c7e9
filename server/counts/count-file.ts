import { createHash } from 'node:crypto';
import { COUNT_FILE_MAX_ROWS } from '../../protocol/stock-counts';
import { qtyToMilli } from '../../protocol/sale-total';
import { isReadableTimestamp } from '../../protocol/timestamp';
import { csvHeader, csvLines, fieldsOf } from '../csv-file';
import { Problem } from '../problem';

/** One data row of a count file: row numbers are the file's line numbers (the header is row 1). */
export interface CountFileRow {
  row: number;
  code: string;
  qtyMilli: number;
  countedAt: string | null;
}

export interface CountFile {
  rows: CountFileRow[];
  sha256: string;
}

const CODE_COLUMNS = ['code', 'sku', 'barcode'];
const QTY_COLUMNS = ['qty', 'quantity', 'counted'];
const TIME_COLUMNS = ['counted_at'];
/** Each kind of column a header may name once: a row of `sku,qty,counted` would say two quantities, and only one could count. */
const COLUMN_KINDS = [
  { kind: 'code', columns: CODE_COLUMNS },
  { kind: 'quantity', columns: QTY_COLUMNS },
  { kind: 'counted_at', columns: TIME_COLUMNS },
];
/** The most row errors one answer lists; the file is refused whole either way. */
const MAX_ERRORS = 100;

/** 400 `count_file_invalid`: the first refused row in the detail, every one in `errors`. */
export const countFileInvalid = (errors: { path: string; message: string }[]) =>
  new Problem(
    400,
    'count_file_invalid',
    'Count file not readable',
    `${errors[0]?.path ?? 'The file'}: ${errors[0]?.message ?? 'unreadable'}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}. Nothing was imported.`,
    errors,
  );

/**
 * Reads a count file: a header naming one code column (code, sku or barcode), one quantity
 * column (qty, quantity or counted) and optionally counted_at; then one row per product.
 * The row count is bounded before any row is split, and every error names its row; one bad
 * row refuses the whole file (nothing half-imported).
 */
export function readCountFile(text: string): CountFile {
  const lines = csvLines(text);
  // The same file is the same rows: saved with CRLF or LF, with or without a BOM or a last newline.
  const sha256 = createHash('sha256').update(lines.join('\n')).digest('hex');
  if (lines.length === 0) throw countFileInvalid([{ path: 'row 1', message: 'the file is empty: expected a header such as "sku,qty"' }]);
  if (lines.length - 1 > COUNT_FILE_MAX_ROWS) {
    throw countFileInvalid([
      {
        path: `row ${COUNT_FILE_MAX_ROWS + 2}`,
        message: `a count file holds at most ${COUNT_FILE_MAX_ROWS.toLocaleString('en')} products (this one has ${(lines.length - 1).toLocaleString('en')}); split it`,
      },
    ]);
  }
  const headerLine = lines[0]!;
  const { delimiter, header } = csvHeader(headerLine);
  for (const { kind, columns } of COLUMN_KINDS) {
    const named = header.filter((h) => columns.includes(h));
    if (named.length > 1) {
      const listed = named.map((h) => `"${h}"`);
      throw countFileInvalid([
        {
          path: 'row 1',
          message: `the header names ${named.length} ${kind} columns, ${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}: a row has one ${kind}, so keep one of them`,
        },
      ]);
    }
  }
  const codeAt = header.findIndex((h) => CODE_COLUMNS.includes(h));
  const qtyAt = header.findIndex((h) => QTY_COLUMNS.includes(h));
  const timeAt = header.findIndex((h) => TIME_COLUMNS.includes(h));
  const unknown = header.filter((h) => h !== '' && ![...CODE_COLUMNS, ...QTY_COLUMNS, ...TIME_COLUMNS].includes(h));
  if (codeAt < 0 || qtyAt < 0 || unknown.length > 0) {
    throw countFileInvalid([
      {
        path: 'row 1',
        message: `the header must name one code column (code, sku or barcode) and a quantity column (qty, quantity or counted), optionally counted_at; found "${headerLine.slice(0, 200)}"`,
      },
    ]);
  }
  const width = header.length;
  const rows: CountFileRow[] = [];
  const errors: { path: string; message: string }[] = [];
  for (let index = 1; index < lines.length && errors.length < MAX_ERRORS; index++) {
    const row = index + 1;
    const line = lines[index]!;
    if (line.trim() === '') {
      errors.push({ path: `row ${row}`, message: 'empty row' });
      continue;
    }
    const fields = fieldsOf(line, delimiter);
    if (fields === null || fields.length !== width) {
      errors.push({ path: `row ${row}`, message: `expected ${width} columns separated by "${delimiter}"` });
      continue;
    }
    const code = fields[codeAt]!.trim();
    const qtyText = fields[qtyAt]!.trim();
    if (code === '' || code.length > 64 || code.includes('\u0000')) {
      errors.push({ path: `row ${row}`, message: 'the code must be 1 to 64 characters' });
      continue;
    }
    const milli = /^\d{1,7}(\.\d{1,3})?$/.test(qtyText) ? qtyToMilli(Number(qtyText)) : undefined;
    if (milli === undefined || milli > 1_000_000_000) {
      errors.push({
        path: `row ${row}`,
        message: `quantity "${qtyText.slice(0, 40)}" is not a number from 0 to 1000000 with at most three decimals`,
      });
      continue;
    }
    let countedAt: string | null = null;
    if (timeAt >= 0) {
      const time = fields[timeAt]!.trim();
      if (time !== '' && !isReadableTimestamp(time)) {
        errors.push({ path: `row ${row}`, message: `counted_at "${time.slice(0, 40)}" is not a date-time such as 2026-03-01T09:30:00+08:00` });
        continue;
      }
      countedAt = time === '' ? null : new Date(time).toISOString();
    }
    rows.push({ row, code, qtyMilli: milli, countedAt });
  }
  if (errors.length > 0) throw countFileInvalid(errors);
  if (rows.length === 0) throw countFileInvalid([{ path: 'row 2', message: 'the file has a header but no products' }]);
  return { rows, sha256 };
}
