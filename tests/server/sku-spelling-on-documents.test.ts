import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseReceipt, Transfer } from '../../protocol';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { uuidv7 } from 'uuidv7';
import { addStore, adminPost, footprint, ledgerMilli, post } from '../support/stock-documents';

/**
 * A manager types `sardines-555` on a transfer for the product `SARDINES-555`: the stock is
 * that product's, as a scan of it would find it, never a second SKU that no sale takes from
 * (found by a manager's walk: -4 of `sardines-555` at one store, +4 at the other, and the real
 * product short at the second one after its first sale).
 */
describe.each(databaseKinds)('a SKU typed in another case on a stock document, on %s', (kind) => {
  let bo: TestBackOffice;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await addStore(bo, 'NORTH');
    const put = await bo.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/SARDINES-555',
      headers: bo.adminHeaders(),
      payload: { businessCode: 'MAIN', name: '555 Sardines 155 g', priceMinor: 2_450 },
    });
    expect(put.statusCode, put.body).toBeLessThan(300);
  });
  afterAll(async () => bo.close());

  it('a transfer, a receipt, a correction and a supplier return move the product as the catalog spells it', async () => {
    const receipt = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [{ sku: 'sardines-555', qty: 11, unitCostMinor: 2_000 }],
    });
    expect(receipt.statusCode, receipt.body).toBe(201);
    expect((receipt.json() as PurchaseReceipt).notInCatalog).toBeUndefined();
    // What arrived, reported in the spelling it was drafted with, is the line's (10 of the 11).
    const approved = await adminPost(bo, `/v1/purchase-receipts/${(receipt.json() as PurchaseReceipt).id}/approve`, {
      lines: [{ sku: 'sardines-555', qtyReceived: 10 }],
    });
    expect(approved.statusCode, approved.body).toBe(200);

    const transfer = (
      await adminPost(bo, '/v1/transfers', { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku: 'Sardines-555', qty: 4 }] })
    ).json() as Transfer;
    expect(transfer.lines.map((l) => l.sku)).toEqual(['SARDINES-555']);
    expect((await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {})).statusCode).toBe(200);
    // What arrived is reported in the spelling typed when it was drafted: the line's too.
    expect((await adminPost(bo, `/v1/transfers/${transfer.id}/receive`, { lines: [{ sku: 'Sardines-555', qtyReceived: 3 }] })).statusCode).toBe(200);

    expect(
      (await adminPost(bo, '/v1/inventory-corrections', { storeCode: 'NORTH', reason: 'found one', lines: [{ sku: 'sardines-555', qtyDelta: 1 }] }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await adminPost(bo, '/v1/supplier-returns', {
          storeCode: 'MAIN',
          supplier: 'Mega Foods',
          reason: 'dented',
          lines: [{ sku: 'SARDINES-555'.toLowerCase(), qty: 2 }],
        })
      ).statusCode,
    ).toBe(201);

    expect(await ledgerMilli(bo.store, 'MAIN', 'SARDINES-555')).toBe(4_000);
    expect(await ledgerMilli(bo.store, 'NORTH', 'SARDINES-555')).toBe(4_000);
    const strays = await bo.store.db.selectFrom('stock_movements').select('sku').where('sku', '!=', 'SARDINES-555').execute();
    expect(strays).toEqual([]);
  });

  it('the product twice on one receipt, transfer, correction or supplier return, in two spellings, is refused as listed twice; nothing is drafted', async () => {
    const before = await footprint(bo.store);
    const receipt = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [
        { sku: 'SARDINES-555', qty: 5, unitCostMinor: 2_000 },
        { sku: 'sardines-555', qty: 7, unitCostMinor: 2_000 },
      ],
    });
    expect(receipt.statusCode).toBe(400);
    expect(receipt.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/lines/1/sku' }] });
    const transfer = await adminPost(bo, '/v1/transfers', {
      fromStoreCode: 'MAIN',
      toStoreCode: 'NORTH',
      lines: [
        { sku: 'sardines-555', qty: 1 },
        { sku: 'SARDINES-555', qty: 1 },
      ],
    });
    expect(transfer.statusCode).toBe(400);
    // A correction, its draft and a supplier return the same: one product, one line.
    const twice = [
      { sku: 'sardines-555', qtyDelta: 1 },
      { sku: 'SARDINES-555', qtyDelta: 2 },
    ];
    for (const [url, body] of [
      ['/v1/inventory-corrections', { storeCode: 'MAIN', reason: 'found two', lines: twice }],
      ['/v1/correction-drafts', { storeCode: 'MAIN', reason: 'found two', draftedBy: 'Liza', lines: twice }],
      [
        '/v1/supplier-returns',
        { storeCode: 'MAIN', supplier: 'Mega Foods', reason: 'dented', lines: twice.map((l) => ({ sku: l.sku, qty: l.qtyDelta })) },
      ],
    ] as const) {
      const refused = await adminPost(bo, url, body);
      expect(refused.statusCode, `${url}: ${refused.body}`).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/lines/1/sku' }] });
    }
    // Found by a black-box review: a SKU no product has, in two spellings, is one item twice too (never two SKUs in the ledger).
    const unknownTwice = [
      { sku: 'NEWSKU-9', qtyDelta: 1 },
      { sku: 'newsku-9', qtyDelta: 2 },
    ];
    for (const [url, body] of [
      ['/v1/inventory-corrections', { storeCode: 'MAIN', reason: 'found two', lines: unknownTwice }],
      [
        '/v1/supplier-returns',
        { storeCode: 'MAIN', supplier: 'Mega Foods', reason: 'dented', lines: unknownTwice.map((l) => ({ sku: l.sku, qty: l.qtyDelta })) },
      ],
      [
        '/v1/purchase-receipts',
        { storeCode: 'MAIN', supplier: 'Mega Foods', lines: unknownTwice.map((l) => ({ sku: l.sku, qty: l.qtyDelta, unitCostMinor: 100 })) },
      ],
    ] as const) {
      const refused = await adminPost(bo, url, body);
      expect(refused.statusCode, `${url}: ${refused.body}`).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/lines/1/sku' }] });
    }
    expect(await footprint(bo.store)).toEqual(before);
  });

  it('a count file row or a scanned line naming the SKU in another case counts the product; a SKU of no product in any case stays unknown', async () => {
    await addStore(bo, 'COUNTED');
    const till = await bo.pairTerminal({ storeCode: 'COUNTED' });
    const count = (await adminPost(bo, '/v1/stock-counts', { storeCode: 'COUNTED', startedBy: 'Liza' })).json() as { id: string };
    const scanned = await post(bo, `/v1/stock-counts/${count.id}/lines`, till.headers(uuidv7()), {
      countedBy: 'mario',
      lines: [
        { code: 'sardines-555', qty: 2, countedAt: new Date().toISOString() },
        { code: 'nope-555', qty: 1, countedAt: new Date().toISOString() },
      ],
    });
    expect(scanned.statusCode, scanned.body).toBe(201);
    const lines = await bo.store.db.selectFrom('stock_count_lines').select('sku').where('count_id', '=', count.id).execute();
    expect(lines.map((l) => l.sku)).toEqual(['SARDINES-555']);
  });

  it('a SKU no product has in any case is kept as typed and named as not in the catalog', async () => {
    const receipt = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [{ sku: 'nope-555', qty: 1, unitCostMinor: 100 }],
    });
    expect(receipt.statusCode).toBe(201);
    expect((receipt.json() as PurchaseReceipt).notInCatalog).toEqual(['nope-555']);
  });
});
