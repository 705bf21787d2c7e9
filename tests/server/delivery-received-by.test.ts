import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { adminPost, post } from '../support/stock-documents';

describe.each(databaseKinds)('who received a delivery is kept with it, on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo?.close());

  const draft = async () =>
    (
      (
        await adminPost(bo, '/v1/purchase-receipts', {
          storeCode: 'MAIN',
          supplier: 'Mega Foods',
          lines: [{ sku: 'SARDINES', qty: 48, unitCostMinor: 1_550 }],
        })
      ).json() as {
        id: string;
      }
    ).id;
  const approvedBy = async (id: string) =>
    (await bo.store.db.selectFrom('stock_documents').select('approved_by').where('id', '=', id).executeTakeFirstOrThrow()).approved_by;

  it("a delivery received at the till's stock desk names the till that received it", async () => {
    const id = await draft();
    const received = await post(bo, `/v1/purchase-receipts/${id}/approve`, till.headers(uuidv7()), { lines: [{ sku: 'SARDINES', qtyReceived: 47 }] });
    expect(received.statusCode).toBe(200);
    expect(await approvedBy(id)).toBe(`till ${till.code}`);
    const listed = await bo.app.inject({ method: 'GET', url: '/v1/stock-documents?kind=receipt', headers: bo.adminHeaders() });
    expect(listed.json().items.find((d: { id: string }) => d.id === id)).toMatchObject({ approvedBy: `till ${till.code}` });
  });

  it('one received by a named manager, at a till or in the back office, keeps the name', async () => {
    const atTill = await draft();
    expect((await post(bo, `/v1/purchase-receipts/${atTill}/approve`, till.headers(uuidv7()), { by: ' Rosa Dizon ' })).statusCode).toBe(200);
    expect(await approvedBy(atTill)).toBe(`Rosa Dizon (till ${till.code})`);
    const atOffice = await draft();
    expect((await adminPost(bo, `/v1/purchase-receipts/${atOffice}/approve`, { by: 'Liza' })).statusCode).toBe(200);
    expect(await approvedBy(atOffice)).toBe('Liza');
    // A blank name says nothing: refused, nothing moved.
    const blank = await draft();
    expect((await adminPost(bo, `/v1/purchase-receipts/${blank}/approve`, { by: '  ' })).statusCode).toBe(400);
    expect((await bo.store.db.selectFrom('stock_documents').select('status').where('id', '=', blank).executeTakeFirstOrThrow()).status).toBe('draft');
  });
});
