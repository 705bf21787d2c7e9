import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, footprint, ledgerMilli, post, postCsv, startCount } from '../support/stock-documents';

/**
 * Found by a walk: a purchase receipt approved with 2.5 of a bottled product arrived was taken,
 * leaving a stock level no shelf holds and no sale or count could bring back to a whole. Every
 * stock document and count now refuses a fraction of a product sold by the piece (400, naming
 * each line), and stores nothing; a weighed product and one whose catalog entry does not say
 * take any quantity.
 */
describe.each(databaseKinds)('a fraction of a product sold by the piece, on a stock document, on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
    await addStore(bo, 'NORTH');
    for (const [sku, body] of Object.entries({
      COKE: { name: 'Coca-Cola 1.5 L', priceMinor: 8_500, taxCode: 'VAT12', soldBy: 'piece' },
      FISH: { name: 'Fresh Galunggong', priceMinor: 24_000, taxCode: 'VAT_EXEMPT', soldBy: 'weight' },
      LIEMPO: { name: 'Pork Liempo', priceMinor: 32_000, taxCode: 'VAT_EXEMPT' },
    })) {
      const put = await bo.app.inject({
        method: 'PUT',
        url: `/v1/admin/products/${sku}`,
        headers: bo.adminHeaders(),
        payload: { businessCode: 'MAIN', ...body },
      });
      expect(put.statusCode, put.body).toBe(200);
    }
  });
  afterAll(async () => bo.close());

  const refusedUnchanged = async (send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>, path: string, qty = '2.5') => {
    const before = await footprint(bo.store);
    const refused = await send();
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path, message: `COKE is sold by the piece: a whole number, not ${qty}` }],
    });
    expect(await footprint(bo.store)).toEqual(before);
  };

  it('a receipt drafted with 2.5 bottles is refused; one approved with 2.5 arrived is refused and stays a draft; whole bottles and weighed fish are taken', async () => {
    await refusedUnchanged(
      () =>
        adminPost(bo, '/v1/purchase-receipts', {
          storeCode: 'MAIN',
          supplier: 'Coca-Cola FEMSA',
          lines: [
            { sku: 'FISH', qty: 3.25, unitCostMinor: 18_000 },
            { sku: 'coke', qty: 2.5, unitCostMinor: 6_000 },
          ],
        }),
      '/lines/1/qty',
    );
    const drafted = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Coca-Cola FEMSA',
      lines: [
        { sku: 'FISH', qty: 3.25, unitCostMinor: 18_000 },
        { sku: 'COKE', qty: 3, unitCostMinor: 6_000 },
        { sku: 'LIEMPO', qty: 1.5, unitCostMinor: 25_000 },
      ],
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const { id } = drafted.json() as { id: string };
    await refusedUnchanged(
      () =>
        adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {
          by: 'Liza',
          lines: [
            { sku: 'FISH', qtyReceived: 3.1 },
            { sku: 'coke', qtyReceived: 2.5 },
          ],
        }),
      '/lines/1/qtyReceived',
    );
    expect(await bo.store.db.selectFrom('stock_documents').select('status').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      status: 'draft',
    });
    const approved = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {
      by: 'Liza',
      lines: [
        { sku: 'FISH', qtyReceived: 3.1 },
        { sku: 'COKE', qtyReceived: 2 },
      ],
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect([
      await ledgerMilli(bo.store, 'MAIN', 'FISH'),
      await ledgerMilli(bo.store, 'MAIN', 'COKE'),
      await ledgerMilli(bo.store, 'MAIN', 'LIEMPO'),
    ]).toEqual([3_100, 2_000, 1_500]);
  });

  it('a transfer drafted or received with half a bottle is refused, and so are a correction, its draft and a supplier return', async () => {
    await refusedUnchanged(
      () => adminPost(bo, '/v1/transfers', { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku: 'COKE', qty: 2.5 }] }),
      '/lines/0/qty',
    );
    const drafted = await adminPost(bo, '/v1/transfers', { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku: 'COKE', qty: 2 }] });
    const { id } = drafted.json() as { id: string };
    expect((await adminPost(bo, `/v1/transfers/${id}/send`, {})).statusCode).toBe(200);
    await refusedUnchanged(
      () => adminPost(bo, `/v1/transfers/${id}/receive`, { lines: [{ sku: 'COKE', qtyReceived: 2.5 }] }),
      '/lines/0/qtyReceived',
    );
    expect((await adminPost(bo, `/v1/transfers/${id}/receive`, { lines: [{ sku: 'COKE', qtyReceived: 1 }] })).statusCode).toBe(200);
    expect(await ledgerMilli(bo.store, 'NORTH', 'COKE')).toBe(1_000);

    await refusedUnchanged(
      () => adminPost(bo, '/v1/inventory-corrections', { storeCode: 'MAIN', reason: 'shrink', lines: [{ sku: 'COKE', qtyDelta: -2.5 }] }),
      '/lines/0/qtyDelta',
      '-2.5',
    );
    await refusedUnchanged(
      () =>
        adminPost(bo, '/v1/correction-drafts', { storeCode: 'MAIN', reason: 'shrink', draftedBy: 'Mario', lines: [{ sku: 'COKE', qtyDelta: 2.5 }] }),
      '/lines/0/qtyDelta',
    );
    await refusedUnchanged(
      () =>
        adminPost(bo, '/v1/supplier-returns', {
          storeCode: 'MAIN',
          supplier: 'Coca-Cola FEMSA',
          reason: 'dented',
          lines: [{ sku: 'COKE', qty: 2.5 }],
        }),
      '/lines/0/qty',
    );
    const weighed = await adminPost(bo, '/v1/inventory-corrections', {
      storeCode: 'MAIN',
      reason: 'shrink',
      lines: [{ sku: 'FISH', qtyDelta: -0.35 }],
    });
    expect(weighed.statusCode, weighed.body).toBe(201);
  });

  it("a count scanned at a till or imported from a file with half a bottle is refused; the count's lines are unchanged", async () => {
    const countId = await startCount(bo, 'MAIN');
    await refusedUnchanged(
      () =>
        post(bo, `/v1/stock-counts/${countId}/lines`, till.headers(uuidv7()), {
          countedBy: 'Mario',
          lines: [{ code: 'COKE', qty: 2.5, countedAt: new Date().toISOString() }],
        }),
      '/lines/0/qty',
    );
    const before = await footprint(bo.store);
    const file = await postCsv(bo, `/v1/stock-counts/${countId}/import?importedBy=Mario`, 'sku,qty\nFISH,1.25\nCOKE,2.5\n', uuidv7());
    expect(file.statusCode, file.body).toBe(400);
    expect(file.json()).toMatchObject({
      code: 'count_file_invalid',
      errors: [{ path: 'row 3', message: 'COKE is sold by the piece: a whole number, not 2.5' }],
    });
    expect(await footprint(bo.store)).toEqual(before);
    const whole = await postCsv(bo, `/v1/stock-counts/${countId}/import?importedBy=Mario`, 'sku,qty\nFISH,1.25\nCOKE,2\n', uuidv7());
    expect(whole.statusCode, whole.body).toBe(201);
  });
});
