import type { CountDecision, Transfer, TransferDraft, TransferReceive, TransferSend } from '../../protocol';
import { milliToQty } from '../../protocol/sale-total';
import type { DatabaseKind, Tx } from '../db/database';
import type { EffectContext } from '../idempotency/idempotent-writes';
import { findStore } from '../inventory/places';
import { arrivedBySku, eachSkuOnce, inCatalogSpelling, notInCatalog } from '../inventory/arrivals';
import { linesAt, refuseFractionsOfPieces, reportedArrivals } from '../inventory/whole-pieces';
import { appendMovements } from '../inventory/stock-ledger';
import {
  advanceStockDocument,
  discardDraft,
  doneBy,
  documentLines,
  insertStockDocument,
  lockStockDocument,
  storeCodeOf,
  type LockedDocument,
} from '../inventory/stock-documents';
import { notFound, Problem } from '../problem';

const invalid = (detail: string, path: string) => new Problem(400, 'validation_failed', 'Invalid transfer', detail, [{ path, message: detail }]);

/** A transfer goes between two stores and names each SKU once (what arrives is reported by SKU). */
export function checkTransferDraft(draft: TransferDraft): void {
  if (draft.fromStoreCode === draft.toStoreCode) throw invalid('a transfer goes from one store to another', '/toStoreCode');
  eachSkuOnce(draft.lines, 'Invalid transfer');
}

async function transferOf(
  trx: Tx,
  doc: Pick<LockedDocument, 'id' | 'number' | 'store_id' | 'to_store_id'> & Partial<Pick<LockedDocument, 'approved_by' | 'received_by'>>,
  status: Transfer['status'],
): Promise<Transfer> {
  const lines = await documentLines(trx, doc.id);
  return {
    ...(status === 'sent' || status === 'received' ? { sentBy: doc.approved_by ?? null } : {}),
    ...(status === 'received' ? { receivedBy: doc.received_by ?? null } : {}),
    id: doc.id,
    transferNumber: doc.number ?? '',
    status,
    fromStoreCode: await storeCodeOf(trx, doc.store_id),
    toStoreCode: await storeCodeOf(trx, doc.to_store_id ?? doc.store_id),
    lines: lines.map((l) => ({
      sku: l.sku,
      qty: milliToQty(l.qtyMilli),
      qtyReceived: l.qtyReceivedMilli === null ? null : milliToQty(l.qtyReceivedMilli),
      discrepancy: l.qtyReceivedMilli === null ? null : milliToQty(l.qtyMilli - l.qtyReceivedMilli),
    })),
  };
}

/** A transfer is numbered TRF-… when drafted, so both stores can quote it on paper. */
export async function draftTransfer(trx: Tx, draft: TransferDraft, qtyMilli: readonly number[], context: EffectContext) {
  const from = await findStore(trx, draft.businessCode, draft.fromStoreCode);
  const to = await findStore(trx, draft.businessCode, draft.toStoreCode);
  // CAINTA and cainta are one store (codes are one whatever their case).
  if (from.storeId === to.storeId) throw invalid('a transfer goes from one store to another', '/toStoreCode');
  const spelled = await inCatalogSpelling(trx, from.businessId, draft.lines);
  eachSkuOnce(spelled, 'Invalid transfer');
  const lines = spelled.map((line, index) => ({ sku: line.sku, qtyMilli: qtyMilli[index] ?? 0 }));
  await refuseFractionsOfPieces(trx, from.businessId, linesAt(lines, 'qty'), 'Invalid transfer');
  const { id, number } = await insertStockDocument(
    trx,
    { kind: 'transfer', place: from, toStoreId: to.storeId, status: 'draft', numbered: true, reason: draft.note, lines },
    context.now,
  );
  const unknown = await notInCatalog(trx, from.businessId, lines);
  const body = await transferOf(trx, { id, number: number?.number ?? null, store_id: from.storeId, to_store_id: to.storeId }, 'draft');
  return { status: 201, body: unknown.length > 0 ? { ...body, notInCatalog: unknown } : body };
}

/** The goods leave the source store once; a second send under another key is 409. */
export async function sendTransfer(
  trx: Tx,
  kind: DatabaseKind,
  id: string,
  sent: TransferSend,
  context: EffectContext,
  till: { storeId: string; terminalCode: string } | null = null,
) {
  const doc = await lockStockDocument(trx, kind, 'transfer', id, 'Transfer');
  // A till sends what leaves its own store only.
  if (till !== null && doc.store_id !== till.storeId) throw notFound(`Transfer ${id}`);
  if (doc.status === 'discarded') throw transferDiscarded(doc);
  if (doc.status !== 'draft') throw new Problem(409, 'transfer_already_sent', 'Already sent', `Transfer ${doc.number} was already sent.`);
  const lines = await documentLines(trx, id);
  await appendMovements(
    trx,
    { businessId: doc.business_id, storeId: doc.store_id },
    'transfer_out',
    id,
    lines.map((l) => ({ sku: l.sku, qtyMilli: -l.qtyMilli })),
    context.now,
  );
  const sentBy = doneBy(sent.by, till);
  await advanceStockDocument(trx, doc, 'sent', context.now, { approved_by: sentBy });
  return { status: 200, body: await transferOf(trx, { ...doc, approved_by: sentBy }, 'sent') };
}

/**
 * The goods arrive at the destination once. What arrived is what was sent unless the
 * body says otherwise for a SKU; the difference stays on the line for the managers.
 */
export async function receiveTransfer(
  trx: Tx,
  kind: DatabaseKind,
  id: string,
  received: TransferReceive,
  context: EffectContext,
  till: { storeId: string; terminalCode: string } | null = null,
) {
  const doc = await lockStockDocument(trx, kind, 'transfer', id, 'Transfer');
  // A till receives what comes to its own store only.
  if (till !== null && doc.to_store_id !== till.storeId) throw notFound(`Transfer ${id}`);
  if (doc.status === 'discarded') throw transferDiscarded(doc);
  if (doc.status === 'draft')
    throw new Problem(409, 'transfer_not_sent', 'Transfer not sent', `Transfer ${doc.number} has not been sent yet; send it first.`);
  if (doc.status === 'received')
    throw new Problem(409, 'transfer_already_received', 'Already received', `Transfer ${doc.number} was already received.`);
  const lines = await documentLines(trx, id);
  const arrived = arrivedBySku(lines, received.lines ?? [], 'Invalid transfer', `transfer ${doc.number}`);
  await refuseFractionsOfPieces(trx, doc.business_id, reportedArrivals(arrived, received.lines ?? []), 'Invalid transfer');
  for (const line of lines) {
    await trx
      .updateTable('stock_document_lines')
      .set({ qty_received_milli: arrived.get(line.sku) ?? line.qtyMilli })
      .where('document_id', '=', id)
      .where('line_no', '=', line.lineNo)
      .execute();
  }
  const place = { businessId: doc.business_id, storeId: doc.to_store_id ?? doc.store_id };
  await appendMovements(
    trx,
    place,
    'transfer_in',
    id,
    lines.map((l) => ({ sku: l.sku, qtyMilli: arrived.get(l.sku) ?? l.qtyMilli })),
    context.now,
  );
  const receivedBy = doneBy(received.by, till);
  await advanceStockDocument(trx, doc, 'received', context.now, { received_by: receivedBy });
  return { status: 200, body: await transferOf(trx, { ...doc, received_by: receivedBy }, 'received') };
}

const transferDiscarded = (doc: LockedDocument) =>
  new Problem(
    409,
    'transfer_discarded',
    'Transfer discarded',
    `Transfer ${doc.number} was discarded in the back office by ${doc.discarded_by ?? 'a manager'} before it was sent; nothing moved. Ask the back office to draft it again.`,
  );

/**
 * A draft thrown away before it was sent: nothing moves, its TRF number stays on it (the
 * series has no gap, and paper that quotes it finds it discarded), who discarded it is kept,
 * and the tills stop offering it. A transfer sent already cannot be (409 transfer_already_sent).
 */
export async function discardTransfer(trx: Tx, kind: DatabaseKind, id: string, decision: CountDecision, context: EffectContext) {
  const doc = await lockStockDocument(trx, kind, 'transfer', id, 'Transfer');
  if (doc.status === 'discarded') throw transferDiscarded(doc);
  if (doc.status !== 'draft')
    throw new Problem(409, 'transfer_already_sent', 'Already sent', `Transfer ${doc.number} was already sent; it can no longer be discarded.`);
  await discardDraft(trx, id, decision.by, context.now);
  return { status: 200, body: await transferOf(trx, doc, 'discarded') };
}
