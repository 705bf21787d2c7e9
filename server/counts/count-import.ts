import { rowId } from '../db/row-ids';
import type { CountFilePreview, CountImportAnswer } from '../../protocol';
import type { BackOfficeDb, DatabaseKind, Tx } from '../db/database';
import type { EffectContext } from '../idempotency/idempotent-writes';
import { Problem } from '../problem';
import { resolveCodes } from './count-codes';
import type { CountFile } from './count-file';
import { clampedMoment, insertCountLines, lockCount, refuseUnlessOpen, storedLines, type CountRow } from './count-sessions';
import { countVariances, type CountedLine, type Reader } from './count-variance';
import { businessTime } from '../business-time';
import { fractionsOfPieces } from '../inventory/whole-pieces';
import { countFileInvalid } from './count-file';

interface ReadFile {
  lines: (CountedLine & { row: number })[];
  unknownCodes: { row: number; code: string }[];
  duplicates: { sku: string; rows: number[] }[];
}

/** The file's rows as count lines: codes resolved, unknown codes and duplicated products set aside. */
async function linesOfFile(trx: Reader, count: CountRow, file: CountFile, now: Date): Promise<ReadFile> {
  const skus = await resolveCodes(
    trx,
    { businessId: count.business_id, storeId: count.store_id },
    file.rows.map((r) => r.code),
  );
  const unknownCodes: { row: number; code: string }[] = [];
  const rowsOf = new Map<string, number[]>();
  const lines: (CountedLine & { row: number })[] = [];
  const perSku = new Map<string, CountedLine & { row: number }>();
  for (const row of file.rows) {
    const sku = skus.get(row.code);
    if (sku === undefined) {
      unknownCodes.push({ row: row.row, code: row.code });
      continue;
    }
    rowsOf.set(sku, [...(rowsOf.get(sku) ?? []), row.row]);
    const countedAt = clampedMoment(row.countedAt, count.started_at, now);
    const earlier = perSku.get(sku);
    // One product on several rows (two shelves, or its SKU and its barcode): the rows add up.
    if (earlier) {
      earlier.qtyMilli += row.qtyMilli;
      if (countedAt > earlier.countedAt) earlier.countedAt = countedAt;
    } else {
      const line = { sku, qtyMilli: row.qtyMilli, mode: 'set' as const, countedAt, row: row.row };
      perSku.set(sku, line);
      lines.push(line);
    }
  }
  const duplicates = [...rowsOf].filter(([, rows]) => rows.length > 1).map(([sku, rows]) => ({ sku, rows }));
  return { lines, unknownCodes, duplicates };
}

async function importedBefore(trx: Reader, countId: string, sha256: string): Promise<{ imported_at: string; imported_by: string } | undefined> {
  return trx
    .selectFrom('stock_count_imports')
    .select(['imported_at', 'imported_by'])
    .where('count_id', '=', countId)
    .where('file_sha256', '=', sha256)
    .executeTakeFirst();
}

/**
 * What importing the file would do, read without writing anything: unknown
 * codes, products on several rows, and each SKU's variance as it would stand after the file.
 */
export async function previewCountFile(store: BackOfficeDb, countId: string, file: CountFile): Promise<CountFilePreview> {
  {
    const trx = store.db;
    const count = await lockCount(trx, store.kind, countId, false);
    refuseUnlessOpen(count);
    const read = await linesOfFile(trx, count, file, new Date());
    const stored = await storedLines(trx, countId);
    const fileSkus = new Set(read.lines.map((l) => l.sku));
    const variances = await countVariances(trx, { storeId: count.store_id, startedAt: count.started_at }, [...stored, ...read.lines]);
    return {
      rows: file.rows.length,
      fileSha256: file.sha256,
      alreadyImported: (await importedBefore(trx, countId, file.sha256)) !== undefined,
      unknownCodes: read.unknownCodes,
      duplicates: read.duplicates,
      skus: variances.filter((v) => fileSkus.has(v.sku)),
    };
  }
}

/**
 * Imports a count file, once: its rows set the counted quantity of their products (what a
 * till scanned before is replaced, what it scans after adds). The same file imported again
 * under another key is refused with 409 count_file_already_imported and changes nothing.
 */
export async function importCountFile(trx: Tx, kind: DatabaseKind, countId: string, file: CountFile, importedBy: string, context: EffectContext) {
  const count = await lockCount(trx, kind, countId, true);
  refuseUnlessOpen(count);
  const earlier = await importedBefore(trx, countId, file.sha256);
  if (earlier)
    throw new Problem(
      409,
      'count_file_already_imported',
      'File already imported',
      `This very file was imported into this count by ${earlier.imported_by} at ${businessTime(earlier.imported_at, count.timezone)}; nothing was imported again.`,
    );
  const read = await linesOfFile(trx, count, file, context.now);
  const fractions = await fractionsOfPieces(
    trx,
    count.business_id,
    read.lines.map((line) => ({ sku: line.sku, qtyMilli: line.qtyMilli, path: `row ${line.row}` })),
  );
  if (fractions.length > 0) throw countFileInvalid(fractions);
  // What the count had before: a set it already holds from a later moment stands over this file's row.
  const latestSet = new Map<string, string>();
  for (const line of await storedLines(trx, countId))
    if (line.mode === 'set' && line.countedAt > (latestSet.get(line.sku) ?? '')) latestSet.set(line.sku, line.countedAt);
  const olderThanCounted = read.lines
    .filter((line) => line.countedAt < (latestSet.get(line.sku) ?? ''))
    .map((line) => ({ row: line.row, sku: line.sku }));
  const importId = rowId();
  await trx
    .insertInto('stock_count_imports')
    .values({
      id: importId,
      count_id: countId,
      file_sha256: file.sha256,
      row_count: file.rows.length,
      imported_at: context.now.toISOString(),
      imported_by: importedBy.trim(),
    })
    .execute();
  await insertCountLines(
    trx,
    read.lines.map((line) => ({
      countId,
      sku: line.sku,
      qtyMilli: line.qtyMilli,
      mode: 'set' as const,
      countedAt: line.countedAt,
      countedBy: importedBy.trim(),
      terminalId: null,
      key: null,
      lineNo: line.row,
      importId,
    })),
  );
  const answer: CountImportAnswer = {
    countId,
    importId,
    rows: file.rows.length,
    imported: read.lines.length,
    unknownCodes: read.unknownCodes,
    ...(olderThanCounted.length > 0 ? { olderThanCounted } : {}),
  };
  return { status: 201, body: answer };
}
