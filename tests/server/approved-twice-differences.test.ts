import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { differencesFromApproved } from '../../server/purchases/receipt-differences';
import { adminPost, ledgerMilli, post } from '../support/stock-documents';

describe.each(databaseKinds)('a delivery received at the till after the back office approved it, on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo?.close());

  const approvedInTheOffice = async () => {
    const draft = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [
        { sku: 'SARDINES', qty: 48, unitCostMinor: 1_550 },
        { sku: 'RICE-5KG', qty: 10, unitCostMinor: 30_000 },
      ],
    });
    const id = (draft.json() as { id: string }).id;
    expect((await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {})).statusCode).toBe(200);
    return id;
  };

  it('the till counted 47 sardines where 48 were approved: refused as before, and the refusal says so per product', async () => {
    const id = await approvedInTheOffice();
    const before = await ledgerMilli(bo.store, 'MAIN', 'SARDINES');
    const late = await post(bo, `/v1/purchase-receipts/${id}/approve`, till.headers(uuidv7()), { lines: [{ sku: 'SARDINES', qtyReceived: 47 }] });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('already_approved');
    expect(late.json().detail).toMatch(/^Purchase receipt RCV-\S+ was already approved; its stock was added then\. /);
    expect(late.json().detail).toContain('differs from what was approved (SARDINES: 47 here, 48 approved)');
    expect(late.json().detail).not.toContain('RICE-5KG');
    expect(await ledgerMilli(bo.store, 'MAIN', 'SARDINES')).toBe(before);
  });

  it('the till counted what was approved: the refusal says there is nothing to correct', async () => {
    const id = await approvedInTheOffice();
    const late = await post(bo, `/v1/purchase-receipts/${id}/approve`, till.headers(uuidv7()), {});
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toContain('What this says arrived is what was approved.');
  });
});

describe('the differences, said in words', () => {
  it('a weighed product, a SKU not on the receipt, and a long receipt named up to 20 products', () => {
    const approved = [
      { sku: 'FISH', qtyMilli: 2_500, qtyReceivedMilli: 2_250 },
      { sku: 'SOAP', qtyMilli: 12_000, qtyReceivedMilli: null },
    ];
    expect(
      differencesFromApproved(approved, [
        { sku: 'FISH', qtyReceived: 2.5 },
        { sku: 'NOPE', qtyReceived: 1 },
      ]),
    ).toContain('(FISH: 2.5 here, 2.25 approved; NOPE: 1 here, not on the receipt)');
    const many = Array.from({ length: 25 }, (_, n) => ({ sku: `SKU-${n}`, qtyMilli: 5_000, qtyReceivedMilli: 4_000 }));
    const said = differencesFromApproved(many, []);
    expect(said).toContain('SKU-19: 5 here, 4 approved; and 5 more products)');
    expect(said).not.toContain('SKU-20:');
  });
});
