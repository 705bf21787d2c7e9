import { rowId } from '../db/row-ids';
import type { DatabaseKind, Tx } from '../db/database';
import type { StockDocumentsTable } from '../db/tables';
import { takeNextNumber, type IssuedNumber, type SeriesName } from '../numbering/number-series';
import { notFound, Problem } from '../problem';
import type { StorePlace } from './places';

/** The documents that move stock, each with its own number series. */
export type StockDocumentKind = Extract<SeriesName, 'receipt' | 'transfer' | 'correction' | 'supplier_return'>;

export interface NewDocumentLine {
  sku: string;
  qtyMilli: number;
  unitCostMinor?: number | undefined;
}

export interface NewStockDocument {
  /** Given when the caller needs it before the insert (to move stock first); else new. */
  id?: string;
  kind: StockDocumentKind;
  place: StorePlace;
  toStoreId?: string;
  status: string;
  numbered: boolean;
  supplier?: string | undefined;
  reason?: string | undefined;
  draftedBy?: string | undefined;
  approvedBy?: string | undefined;
  lines: readonly NewDocumentLine[];
}

/** Inserts a document and its lines; a numbered one takes its series' next number last. */
export async function insertStockDocument(trx: Tx, doc: NewStockDocument, now: Date): Promise<{ id: string; number: IssuedNumber | null }> {
  const id = doc.id ?? rowId();
  const number = doc.numbered ? await takeNextNumber(trx, { id: doc.place.businessId, timezone: doc.place.timezone }, doc.kind, now) : null;
  const at = now.toISOString();
  await trx
    .insertInto('stock_documents')
    .values({
      id,
      business_id: doc.place.businessId,
      kind: doc.kind,
      store_id: doc.place.storeId,
      to_store_id: doc.toStoreId ?? null,
      status: doc.status,
      number: number?.number ?? null,
      series_period: number?.period ?? null,
      series_value: number?.value ?? null,
      supplier: doc.supplier ?? null,
      reason: doc.reason ?? null,
      drafted_by: doc.draftedBy ?? null,
      approved_by: doc.approvedBy ?? null,
      discarded_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  // A count's correction can have 50,000 lines: 1,000 rows per insert keeps each statement
  // far under SQLite's and PostgreSQL's bound-value limits (7 values a row).
  const rows = doc.lines.map((line, index) => ({
    document_id: id,
    line_no: index + 1,
    sku: line.sku,
    qty_milli: line.qtyMilli,
    unit_cost_minor: line.unitCostMinor ?? null,
    qty_received_milli: null,
  }));
  for (let start = 0; start < rows.length; start += 1000) {
    await trx
      .insertInto('stock_document_lines')
      .values(rows.slice(start, start + 1000))
      .execute();
  }
  return { id, number };
}

export type LockedDocument = StockDocumentsTable & { timezone: string };

/**
 * Reads a document for a state change, locked against a concurrent change of the same
 * document (PostgreSQL: FOR UPDATE, so a second approve waits and then sees "approved";
 * SQLite: BEGIN IMMEDIATE already holds the database's write lock).
 */
export async function lockStockDocument(
  trx: Tx,
  kind: DatabaseKind,
  documentKind: StockDocumentKind,
  id: string,
  what: string,
): Promise<LockedDocument> {
  const row = await trx
    .selectFrom('stock_documents as d')
    .innerJoin('businesses as b', 'b.id', 'd.business_id')
    .selectAll('d')
    .select('b.timezone')
    .where('d.id', '=', id)
    .where('d.kind', '=', documentKind)
    .$if(kind === 'postgres', (q) => q.forUpdate('d'))
    .executeTakeFirst();
  if (!row) throw notFound(`${what} ${id}`);
  return row;
}

/** Moves a document from one status to the next, numbering it if it has no number yet. */
export async function advanceStockDocument(
  trx: Tx,
  doc: LockedDocument,
  status: string,
  now: Date,
  who: Pick<Partial<StockDocumentsTable>, 'approved_by' | 'received_by'> = {},
): Promise<string> {
  let number = doc.number;
  const changes: Partial<StockDocumentsTable> = { status, updated_at: now.toISOString(), ...who };
  if (number === null) {
    const issued = await takeNextNumber(trx, { id: doc.business_id, timezone: doc.timezone }, doc.kind as StockDocumentKind, now);
    number = issued.number;
    Object.assign(changes, { number: issued.number, series_period: issued.period, series_value: issued.value });
  }
  const result = await trx.updateTable('stock_documents').set(changes).where('id', '=', doc.id).where('status', '=', doc.status).executeTakeFirst();
  // The lock makes this impossible; if it ever happens, roll back rather than move stock twice.
  if (Number(result.numUpdatedRows) !== 1)
    throw new Problem(409, 'request_in_progress', 'Document changed', 'The document changed while this request ran; retry.', undefined, {
      'retry-after': '1',
    });
  return number;
}

/**
 * Who did a step of a stock document (received a delivery, sent or received a transfer): the
 * name the caller gives (the stock page's "Received by", or the manager signed in at a till),
 * and the till it was done at ("Rosa (till T02)"; "till T02" alone from a till of a version
 * that sends no name). null when the back office did it without a name.
 */
export function doneBy(by: string | undefined, till: { terminalCode: string } | null): string | null {
  const name = by?.trim();
  if (till === null) return name ?? null;
  return name ? `${name} (till ${till.terminalCode})` : `till ${till.terminalCode}`;
}

/**
 * A draft thrown away (a receipt, a transfer or a correction, under the caller's lock): it
 * moves nothing and takes no number; who discarded it is kept. Returns that name, trimmed.
 */
export async function discardDraft(trx: Tx, id: string, by: string, now: Date): Promise<string> {
  const discardedBy = by.trim();
  const result = await trx
    .updateTable('stock_documents')
    .set({ status: 'discarded', discarded_by: discardedBy, updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  // The caller's lock makes this impossible, as in advanceStockDocument; if it ever happens, answer nothing discarded.
  if (Number(result.numUpdatedRows) !== 1)
    throw new Problem(409, 'request_in_progress', 'Document changed', 'The document changed while this request ran; retry.', undefined, {
      'retry-after': '1',
    });
  return discardedBy;
}

export async function documentLines(trx: Tx, documentId: string) {
  const rows = await trx.selectFrom('stock_document_lines').selectAll().where('document_id', '=', documentId).orderBy('line_no').execute();
  return rows.map((r) => ({
    lineNo: r.line_no,
    sku: r.sku,
    qtyMilli: Number(r.qty_milli),
    unitCostMinor: r.unit_cost_minor === null ? null : Number(r.unit_cost_minor),
    qtyReceivedMilli: r.qty_received_milli === null ? null : Number(r.qty_received_milli),
  }));
}

export async function storeCodeOf(trx: Tx, storeId: string): Promise<string> {
  const row = await trx.selectFrom('stores').select('code').where('id', '=', storeId).executeTakeFirstOrThrow();
  return row.code;
}
