import type { PurchaseReceipt, PurchaseReceiptDraft } from '../../protocol';
import { extendedPriceMinor } from '../../protocol/sale-total';
import type { DatabaseKind, Tx } from '../db/database';
import type { EffectContext } from '../idempotency/idempotent-writes';
import { findStore } from '../inventory/places';
import { appendMovements } from '../inventory/stock-ledger';
import { advanceStockDocument, documentLines, insertStockDocument, lockStockDocument, storeCodeOf } from '../inventory/stock-documents';
import { Problem } from '../problem';

const costOf = (lines: { qtyMilli: number; unitCostMinor: number | null }[]) =>
  lines.reduce((sum, line) => sum + extendedPriceMinor(line.qtyMilli, line.unitCostMinor ?? 0), 0);

/** A draft moves no stock and takes no number: a receipt is numbered when approved. */
export async function draftPurchaseReceipt(trx: Tx, draft: PurchaseReceiptDraft, qtyMilli: readonly number[], context: EffectContext) {
  const place = await findStore(trx, draft.businessCode, draft.storeCode);
  const lines = draft.lines.map((line, index) => ({ sku: line.sku, qtyMilli: qtyMilli[index] ?? 0, unitCostMinor: line.unitCostMinor }));
  const { id } = await insertStockDocument(
    trx,
    { kind: 'receipt', place, status: 'draft', numbered: false, supplier: draft.supplier, lines },
    context.now,
  );
  const body: PurchaseReceipt = { id, receiptNumber: null, status: 'draft', storeCode: place.storeCode, totalCostMinor: costOf(lines) };
  return { status: 201, body };
}

/**
 * Approval adds the goods to the store's stock, once. A second approval under another key
 * is refused with 409 already_approved: the manager sees that it had been done already,
 * and no stock moves. (The same key again is a replay of the first answer.)
 */
export async function approvePurchaseReceipt(trx: Tx, kind: DatabaseKind, id: string, context: EffectContext) {
  const doc = await lockStockDocument(trx, kind, 'receipt', id, 'Purchase receipt');
  if (doc.status !== 'draft') {
    throw new Problem(
      409,
      'already_approved',
      'Already approved',
      `Purchase receipt ${doc.number ?? id} was already approved; its stock was added then.`,
    );
  }
  const lines = await documentLines(trx, id);
  await appendMovements(trx, { businessId: doc.business_id, storeId: doc.store_id }, 'receipt', id, lines, context.now);
  const receiptNumber = await advanceStockDocument(trx, doc, 'approved', context.now);
  const body: PurchaseReceipt = {
    id,
    receiptNumber,
    status: 'approved',
    storeCode: await storeCodeOf(trx, doc.store_id),
    totalCostMinor: costOf(lines),
  };
  return { status: 200, body };
}
