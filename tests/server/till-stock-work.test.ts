import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { PurchaseReceipt, StockDocumentList, Transfer } from '../../protocol';
import { startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, ledgerMilli, post } from '../support/stock-documents';

describe.each(databaseKinds)("a till's stock work for its own store on %s", (kind) => {
  let bo: TestBackOffice;
  let east: PairedTerminal;
  let west: PairedTerminal;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await addStore(bo, 'EAST');
    await addStore(bo, 'WEST');
    east = await bo.pairTerminal({ storeCode: 'EAST' });
    west = await bo.pairTerminal({ storeCode: 'WEST' });
  });
  afterAll(async () => bo.close());

  it("a delivery is approved at its store's till with what arrived, once; another store's till cannot see it", async () => {
    const draft = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'EAST',
      supplier: 'Mega Foods',
      lines: [
        { sku: 'RICE-5KG', qty: 10, unitCostMinor: 30_000 },
        { sku: 'SARDINES', qty: 48, unitCostMinor: 2_000 },
      ],
    });
    const id = (draft.json() as PurchaseReceipt).id;
    const listed = (
      await bo.app.inject({ method: 'GET', url: '/v1/stock-documents?kind=receipt&status=draft', headers: east.headers() })
    ).json() as StockDocumentList;
    expect(listed.items.map((d) => d.id)).toEqual([id]);
    // `limit` is read from the query string's text: 1 to 500.
    const page = await bo.app.inject({ method: 'GET', url: '/v1/stock-documents?limit=1', headers: bo.adminHeaders() });
    expect(page.statusCode, page.body).toBe(200);
    expect((page.json() as StockDocumentList).items).toHaveLength(1);
    for (const limit of ['0', '501', '1.5', 'x'])
      expect((await bo.app.inject({ method: 'GET', url: `/v1/stock-documents?limit=${limit}`, headers: bo.adminHeaders() })).statusCode).toBe(400);
    const elsewhere = (
      await bo.app.inject({ method: 'GET', url: '/v1/stock-documents?storeCode=EAST', headers: west.headers() })
    ).json() as StockDocumentList;
    expect(elsewhere.items).toEqual([]);
    expect((await post(bo, `/v1/purchase-receipts/${id}/approve`, west.headers(uuidv7()), {})).statusCode).toBe(404);
    expect(
      (
        await post(bo, '/v1/purchase-receipts', east.headers(uuidv7()), {
          storeCode: 'EAST',
          supplier: 'S',
          lines: [{ sku: 'A', qty: 1, unitCostMinor: 1 }],
        })
      ).statusCode,
    ).toBe(403);

    const key = uuidv7();
    const body = { lines: [{ sku: 'SARDINES', qtyReceived: 46 }] };
    const approved = await post(bo, `/v1/purchase-receipts/${id}/approve`, east.headers(key), body);
    expect(approved.statusCode, approved.body).toBe(200);
    expect((approved.json() as PurchaseReceipt).receiptNumber).toMatch(/^RCV-\d{6}-\d{4}$/);
    await bo.store.db.deleteFrom('idempotency_responses').execute();
    const late = await post(bo, `/v1/purchase-receipts/${id}/approve`, east.headers(key), body);
    expect(late.statusCode).toBe(200);
    expect(late.body).toBe(approved.body);
    expect(await ledgerMilli(bo.store, 'EAST', 'RICE-5KG')).toBe(10_000);
    expect(await ledgerMilli(bo.store, 'EAST', 'SARDINES')).toBe(46_000);
    const lines = await bo.store.db
      .selectFrom('stock_document_lines')
      .select(['sku', 'qty_milli', 'qty_received_milli'])
      .where('document_id', '=', id)
      .orderBy('line_no')
      .execute();
    expect(lines.map((l) => [l.sku, Number(l.qty_milli), Number(l.qty_received_milli)])).toEqual([
      ['RICE-5KG', 10_000, 10_000],
      ['SARDINES', 48_000, 46_000],
    ]);
    const wrong = await adminPost(bo, '/v1/purchase-receipts', { storeCode: 'EAST', supplier: 'S', lines: [{ sku: 'A', qty: 1, unitCostMinor: 1 }] });
    const notOnIt = await post(bo, `/v1/purchase-receipts/${(wrong.json() as PurchaseReceipt).id}/approve`, east.headers(uuidv7()), {
      lines: [{ sku: 'B', qtyReceived: 1 }],
    });
    expect(notOnIt.statusCode).toBe(400);
    expect(await ledgerMilli(bo.store, 'EAST', 'A')).toBe(0);
  });

  it("a transfer is sent from the source store's till and received at the destination's, each once", async () => {
    const draft = await adminPost(bo, '/v1/transfers', { fromStoreCode: 'EAST', toStoreCode: 'WEST', lines: [{ sku: 'RICE-5KG', qty: 4 }] });
    const id = (draft.json() as Transfer).id;
    expect((await post(bo, `/v1/transfers/${id}/send`, west.headers(uuidv7()), {})).statusCode).toBe(404);
    const sent = await post(bo, `/v1/transfers/${id}/send`, east.headers(uuidv7()), {});
    expect(sent.statusCode).toBe(200);
    expect((await post(bo, `/v1/transfers/${id}/send`, east.headers(uuidv7()), {})).json()).toMatchObject({ code: 'transfer_already_sent' });
    expect((await post(bo, `/v1/transfers/${id}/receive`, east.headers(uuidv7()), {})).statusCode).toBe(404);
    const received = await post(bo, `/v1/transfers/${id}/receive`, west.headers(uuidv7()), {
      by: 'Rosa',
      lines: [{ sku: 'RICE-5KG', qtyReceived: 3 }],
    });
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({ status: 'received', lines: [{ sku: 'RICE-5KG', qty: 4, qtyReceived: 3, discrepancy: 1 }] });
    // Who: the till it was sent from (a till of this version sends no name), the name and the till it was received at.
    expect(sent.json()).toMatchObject({ sentBy: `till ${east.code}` });
    expect(received.json()).toMatchObject({ sentBy: `till ${east.code}`, receivedBy: `Rosa (till ${west.code})` });
    const listed = await bo.app.inject({ method: 'GET', url: '/v1/stock-documents?kind=transfer', headers: bo.adminHeaders() });
    expect(listed.json().items.find((d: { id: string }) => d.id === id)).toMatchObject({
      approvedBy: `till ${east.code}`,
      receivedBy: `Rosa (till ${west.code})`,
    });
    expect(await ledgerMilli(bo.store, 'EAST', 'RICE-5KG')).toBe(6_000);
    expect(await ledgerMilli(bo.store, 'WEST', 'RICE-5KG')).toBe(3_000);
  });
});
