import { rowId } from '../db/row-ids';
import type { InventoryCorrection, PostedDocument, SupplierReturn } from '../../protocol';
import type { Tx } from '../db/database';
import type { EffectContext } from '../idempotency/idempotent-writes';
import { eachSkuOnce, inCatalogSpelling } from './arrivals';
import { linesAt, refuseFractionsOfPieces } from './whole-pieces';
import { findStore } from './places';
import { appendMovements } from './stock-ledger';
import { insertStockDocument } from './stock-documents';

/** A count that differs from the ledger: posted at once, numbered ADJ-…, signed deltas. */
export async function postCorrection(trx: Tx, correction: InventoryCorrection, deltaMilli: readonly number[], context: EffectContext) {
  eachSkuOnce(correction.lines, 'Invalid correction');
  const place = await findStore(trx, correction.businessCode, correction.storeCode);
  const spelled = await inCatalogSpelling(trx, place.businessId, correction.lines);
  eachSkuOnce(spelled, 'Invalid correction');
  const lines = spelled.map((line, index) => ({
    sku: line.sku,
    qtyMilli: deltaMilli[index] ?? 0,
  }));
  await refuseFractionsOfPieces(trx, place.businessId, linesAt(lines, 'qtyDelta'), 'Invalid correction');
  // Stock levels first, the ADJ counter last: the lock order of every write (stock-ledger.ts).
  const id = rowId();
  await appendMovements(trx, place, 'correction', id, lines, context.now);
  const { number } = await insertStockDocument(
    trx,
    { id, kind: 'correction', place, status: 'posted', numbered: true, reason: correction.reason, lines },
    context.now,
  );
  const body: PostedDocument = { id, number: number?.number ?? '', kind: 'correction', storeCode: place.storeCode };
  return { status: 201, body };
}

/** Goods sent back to a supplier: posted at once, numbered SRT-…, stock goes out. */
export async function postSupplierReturn(trx: Tx, supplierReturn: SupplierReturn, qtyMilli: readonly number[], context: EffectContext) {
  eachSkuOnce(supplierReturn.lines, 'Invalid supplier return');
  const place = await findStore(trx, supplierReturn.businessCode, supplierReturn.storeCode);
  const spelled = await inCatalogSpelling(trx, place.businessId, supplierReturn.lines);
  eachSkuOnce(spelled, 'Invalid supplier return');
  const lines = spelled.map((line, index) => ({
    sku: line.sku,
    qtyMilli: qtyMilli[index] ?? 0,
  }));
  await refuseFractionsOfPieces(trx, place.businessId, linesAt(lines, 'qty'), 'Invalid supplier return');
  const id = rowId(); // levels before the SRT counter, as above
  await appendMovements(
    trx,
    place,
    'supplier_return',
    id,
    lines.map((l) => ({ sku: l.sku, qtyMilli: -l.qtyMilli })),
    context.now,
  );
  const { number } = await insertStockDocument(
    trx,
    { id, kind: 'supplier_return', place, status: 'posted', numbered: true, supplier: supplierReturn.supplier, reason: supplierReturn.reason, lines },
    context.now,
  );
  const body: PostedDocument = { id, number: number?.number ?? '', kind: 'supplier_return', storeCode: place.storeCode };
  return { status: 201, body };
}
