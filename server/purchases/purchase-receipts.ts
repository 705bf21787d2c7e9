import type { CountDecision, PurchaseReceipt, PurchaseReceiptDraft, ReceiptApproval } from '../../protocol';
import { extendedPriceMinor, isSafeMinor } from '../../protocol/sale-total';
import type { DatabaseKind, Tx } from '../db/database';
import type { EffectContext } from '../idempotency/idempotent-writes';
import { findStore } from '../inventory/places';
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
import { arrivedBySku, eachSkuOnce, inCatalogSpelling, notInCatalog } from '../inventory/arrivals';
import { linesAt, refuseFractionsOfPieces, reportedArrivals } from '../inventory/whole-pieces';
import { differencesFromApproved } from './receipt-differences';

const costOf = (lines: { qtyMilli: number; unitCostMinor: number | null }[]) =>
  lines.reduce((sum, line) => sum + extendedPriceMinor(line.qtyMilli, line.unitCostMinor ?? 0), 0);

/**
 * A receipt whose cost cannot be counted exactly (a line, or all of them, past JavaScript's
 * safe integers: 1,000,000 × ₱10,000,000,000.00) is refused, as such a sale is: its total
 * would be answered and stored rounded.
 */
function refuseUncountableCost(lines: { qtyMilli: number; unitCostMinor: number | null }[]): void {
  const errors = lines.flatMap((line, index) =>
    isSafeMinor(extendedPriceMinor(line.qtyMilli, line.unitCostMinor ?? 0))
      ? []
      : [{ path: `/lines/${index}`, message: 'the line costs more than can be counted exactly' }],
  );
  if (errors.length === 0 && !isSafeMinor(costOf(lines)))
    errors.push({ path: '/lines', message: 'the receipt costs more than can be counted exactly' });
  if (errors.length > 0)
    throw new Problem(400, 'validation_failed', 'Invalid receipt', 'The receipt costs more than can be counted exactly.', errors);
}

/** A draft moves no stock and takes no number: a receipt is numbered when approved. */
export async function draftPurchaseReceipt(trx: Tx, draft: PurchaseReceiptDraft, qtyMilli: readonly number[], context: EffectContext) {
  eachSkuOnce(draft.lines, 'Invalid receipt');
  refuseUncountableCost(draft.lines.map((line, index) => ({ qtyMilli: qtyMilli[index] ?? 0, unitCostMinor: line.unitCostMinor })));
  const place = await findStore(trx, draft.businessCode, draft.storeCode);
  const spelled = await inCatalogSpelling(trx, place.businessId, draft.lines);
  // `sardines-555` and `SARDINES-555` on one receipt are one product twice.
  eachSkuOnce(spelled, 'Invalid receipt');
  const lines = spelled.map((line, index) => ({ sku: line.sku, qtyMilli: qtyMilli[index] ?? 0, unitCostMinor: line.unitCostMinor }));
  await refuseFractionsOfPieces(trx, place.businessId, linesAt(lines, 'qty'), 'Invalid receipt');
  const { id } = await insertStockDocument(
    trx,
    { kind: 'receipt', place, status: 'draft', numbered: false, supplier: draft.supplier, lines },
    context.now,
  );
  const unknown = await notInCatalog(trx, place.businessId, lines);
  const body: PurchaseReceipt = {
    id,
    receiptNumber: null,
    status: 'draft',
    storeCode: place.storeCode,
    totalCostMinor: costOf(lines),
    ...(unknown.length > 0 ? { notInCatalog: unknown } : {}),
  };
  return { status: 201, body };
}

/**
 * Approval adds the goods to the store's stock, once. A second approval under another key
 * is refused with 409 already_approved: the manager sees that it had been done already,
 * and no stock moves. (The same key again is a replay of the first answer.)
 */
export async function approvePurchaseReceipt(
  trx: Tx,
  kind: DatabaseKind,
  id: string,
  context: EffectContext,
  received: ReceiptApproval = {},
  till: { storeId: string; terminalCode: string } | null = null,
) {
  const doc = await lockStockDocument(trx, kind, 'receipt', id, 'Purchase receipt');
  // A till approves the deliveries of its own store only.
  if (till !== null && doc.store_id !== till.storeId) throw notFound(`Purchase receipt ${id}`);
  if (doc.status === 'discarded') throw receiptDiscarded(doc);
  if (doc.status !== 'draft') {
    throw new Problem(
      409,
      'already_approved',
      'Already approved',
      `Purchase receipt ${doc.number ?? id} was already approved; its stock was added then. ${differencesFromApproved(await documentLines(trx, id), received.lines)}`,
    );
  }
  const lines = await documentLines(trx, id);
  const arrived = arrivedBySku(lines, received.lines ?? [], 'Invalid receipt', 'this purchase receipt');
  await refuseFractionsOfPieces(trx, doc.business_id, reportedArrivals(arrived, received.lines ?? []), 'Invalid receipt');
  // Each line as it arrived (a SKU not reported arrived in full): kept on the line, moved into stock, and costed.
  const arrivedLines = lines.map((l) => ({
    lineNo: l.lineNo,
    sku: l.sku,
    qtyMilli: arrived.get(l.sku) ?? l.qtyMilli,
    unitCostMinor: l.unitCostMinor,
  }));
  // More arrived than was drafted: what it costs must still be counted exactly.
  refuseUncountableCost(arrivedLines);
  for (const line of arrivedLines) {
    await trx
      .updateTable('stock_document_lines')
      .set({ qty_received_milli: line.qtyMilli })
      .where('document_id', '=', id)
      .where('line_no', '=', line.lineNo)
      .execute();
  }
  await appendMovements(
    trx,
    { businessId: doc.business_id, storeId: doc.store_id },
    'receipt',
    id,
    arrivedLines.map((l) => ({ sku: l.sku, qtyMilli: l.qtyMilli })),
    context.now,
  );
  const receiptNumber = await advanceStockDocument(trx, doc, 'approved', context.now, { approved_by: doneBy(received.by, till) });
  const body: PurchaseReceipt = {
    id,
    receiptNumber,
    status: 'approved',
    storeCode: await storeCodeOf(trx, doc.store_id),
    totalCostMinor: costOf(lines),
    receivedCostMinor: costOf(arrivedLines),
  };
  return { status: 200, body };
}

const receiptDiscarded = (doc: LockedDocument) =>
  new Problem(
    409,
    'receipt_discarded',
    'Purchase receipt discarded',
    `This purchase receipt was discarded in the back office by ${doc.discarded_by ?? 'a manager'}; nothing was added. Ask the back office to draft the delivery again, then receive it.`,
  );

/**
 * A draft thrown away (drafted by mistake, or the delivery never came): nothing moves, no
 * number is taken, who discarded it is kept, and the tills stop offering it. An approved
 * receipt cannot be discarded (409 already_approved): its stock is corrected instead.
 */
export async function discardPurchaseReceipt(trx: Tx, kind: DatabaseKind, id: string, decision: CountDecision, context: EffectContext) {
  const doc = await lockStockDocument(trx, kind, 'receipt', id, 'Purchase receipt');
  if (doc.status === 'discarded') throw receiptDiscarded(doc);
  if (doc.status !== 'draft')
    throw new Problem(
      409,
      'already_approved',
      'Already approved',
      `Purchase receipt ${doc.number ?? id} was already approved; its stock was added then. Correct the stock instead.`,
    );
  await discardDraft(trx, id, decision.by, context.now);
  const lines = await documentLines(trx, id);
  const body: PurchaseReceipt = {
    id,
    receiptNumber: null,
    status: 'discarded',
    storeCode: await storeCodeOf(trx, doc.store_id),
    totalCostMinor: costOf(lines),
  };
  return { status: 200, body };
}
