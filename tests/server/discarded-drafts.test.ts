import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { PurchaseReceipt, StockDocumentList, Transfer } from '../../protocol';
import { startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, footprint, ledgerMilli, post } from '../support/stock-documents';

/**
 * A delivery drafted by mistake (wrong supplier, wrong store, a delivery that never came) or
 * a transfer that will not go: the back office throws the draft away. Nothing moves, the
 * tills stop offering it, and anything that still arrives for it is refused, not booked.
 */
describe.each(databaseKinds)('drafts thrown away on %s', (kind) => {
  let bo: TestBackOffice;
  let east: PairedTerminal;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await addStore(bo, 'EAST');
    await addStore(bo, 'WEST');
    east = await bo.pairTerminal({ storeCode: 'EAST' });
  });
  afterAll(async () => bo.close());

  const draftsAtTheTill = async (what: 'receipt' | 'transfer') =>
    (
      (
        await bo.app.inject({ method: 'GET', url: `/v1/stock-documents?kind=${what}&status=draft`, headers: east.headers() })
      ).json() as StockDocumentList
    ).items.map((d) => d.id);

  it('a purchase receipt: discarded with who did it, nothing moved and no number; the till stops offering it and its approval is refused', async () => {
    const drafted = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'EAST',
      supplier: 'Wrong Supplier Inc.',
      lines: [{ sku: 'RICE-5KG', qty: 10, unitCostMinor: 30_000 }],
    });
    const { id } = drafted.json() as PurchaseReceipt;
    expect(await draftsAtTheTill('receipt')).toContain(id);
    const before = await footprint(bo.store);

    const key = uuidv7();
    const discarded = await adminPost(bo, `/v1/purchase-receipts/${id}/discard`, { by: ' Liza ' }, key);
    expect(discarded.statusCode, discarded.body).toBe(200);
    expect(discarded.json()).toEqual({ id, receiptNumber: null, status: 'discarded', storeCode: 'EAST', totalCostMinor: 300_000 });
    expect((await adminPost(bo, `/v1/purchase-receipts/${id}/discard`, { by: ' Liza ' }, key)).body).toBe(discarded.body);

    const row = await bo.store.db
      .selectFrom('stock_documents')
      .select(['status', 'number', 'discarded_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'discarded', number: null, discarded_by: 'Liza' });
    const after = await footprint(bo.store);
    for (const unchanged of ['stock_documents', 'stock_document_lines', 'stock_movements', 'stock_levels', 'counterTotal', 'onHandTotal'])
      expect(after[unchanged], unchanged).toBe(before[unchanged]);
    expect(await draftsAtTheTill('receipt')).not.toContain(id);

    // The till had received it meanwhile (offline): refused with who discarded it, nothing added.
    const approval = await post(bo, `/v1/purchase-receipts/${id}/approve`, east.headers(uuidv7()), { by: 'Rosa' });
    expect(approval.statusCode).toBe(409);
    expect(approval.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(approval.json()).toMatchObject({ code: 'receipt_discarded', detail: expect.stringContaining('discarded in the back office by Liza') });
    const again = await adminPost(bo, `/v1/purchase-receipts/${id}/discard`, { by: 'Mario' });
    expect(again.json()).toMatchObject({ code: 'receipt_discarded' });
    expect(await ledgerMilli(bo.store, 'EAST', 'RICE-5KG')).toBe(0);
    expect((await footprint(bo.store)).counterTotal).toBe(before.counterTotal);
  });

  it('an approved receipt cannot be discarded: 409 already_approved, its stock stays', async () => {
    const drafted = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'EAST',
      supplier: 'Mega Foods',
      lines: [{ sku: 'SUGAR', qty: 4, unitCostMinor: 5_000 }],
    });
    const { id } = drafted.json() as PurchaseReceipt;
    expect((await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {})).statusCode).toBe(200);
    const refused = await adminPost(bo, `/v1/purchase-receipts/${id}/discard`, { by: 'Liza' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'already_approved' });
    const row = await bo.store.db.selectFrom('stock_documents').select(['status', 'discarded_by']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'approved', discarded_by: null });
    expect(await ledgerMilli(bo.store, 'EAST', 'SUGAR')).toBe(4_000);
  });

  it('a transfer: discarded before it is sent keeps its number; it cannot be sent or received, and a sent one cannot be discarded', async () => {
    const drafted = await adminPost(bo, '/v1/transfers', { fromStoreCode: 'EAST', toStoreCode: 'WEST', lines: [{ sku: 'COFFEE', qty: 5 }] });
    const transfer = drafted.json() as Transfer;
    expect(await draftsAtTheTill('transfer')).toContain(transfer.id);
    const discarded = await adminPost(bo, `/v1/transfers/${transfer.id}/discard`, { by: 'Liza' });
    expect(discarded.statusCode, discarded.body).toBe(200);
    expect(discarded.json()).toMatchObject({ id: transfer.id, transferNumber: transfer.transferNumber, status: 'discarded' });
    expect(await draftsAtTheTill('transfer')).not.toContain(transfer.id);

    for (const step of ['send', 'receive']) {
      const refused = await post(bo, `/v1/transfers/${transfer.id}/${step}`, east.headers(uuidv7()), {});
      expect(refused.statusCode).toBe(step === 'send' ? 409 : 404);
      const asAdmin = await adminPost(bo, `/v1/transfers/${transfer.id}/${step}`, {});
      expect(asAdmin.statusCode).toBe(409);
      expect(asAdmin.json()).toMatchObject({
        code: 'transfer_discarded',
        detail: expect.stringContaining(`${transfer.transferNumber} was discarded`),
      });
    }
    expect(await ledgerMilli(bo.store, 'EAST', 'COFFEE')).toBe(0);
    expect(await ledgerMilli(bo.store, 'WEST', 'COFFEE')).toBe(0);
    const listed = (
      await bo.app.inject({ method: 'GET', url: '/v1/stock-documents?kind=transfer&status=discarded', headers: bo.adminHeaders() })
    ).json() as StockDocumentList;
    expect(listed.items.find((d) => d.id === transfer.id)).toMatchObject({ status: 'discarded', discardedBy: 'Liza' });

    const sent = (
      await adminPost(bo, '/v1/transfers', { fromStoreCode: 'EAST', toStoreCode: 'WEST', lines: [{ sku: 'TEA', qty: 2 }] })
    ).json() as Transfer;
    expect((await adminPost(bo, `/v1/transfers/${sent.id}/send`, {})).statusCode).toBe(200);
    const late = await adminPost(bo, `/v1/transfers/${sent.id}/discard`, { by: 'Liza' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'transfer_already_sent' });
    expect(await ledgerMilli(bo.store, 'EAST', 'TEA')).toBe(-2_000);
  });

  it('only the back office discards: a till is refused, and a name that is blank or hides a character is refused', async () => {
    const drafted = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'EAST',
      supplier: 'Mega Foods',
      lines: [{ sku: 'SALT', qty: 1, unitCostMinor: 1_000 }],
    });
    const { id } = drafted.json() as PurchaseReceipt;
    const byTill = await post(bo, `/v1/purchase-receipts/${id}/discard`, east.headers(uuidv7()), { by: 'Rosa' });
    expect(byTill.statusCode).toBe(403);
    for (const by of ['', '   ', 'Liza\u200b']) {
      const refused = await adminPost(bo, `/v1/purchase-receipts/${id}/discard`, { by });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await adminPost(bo, `/v1/purchase-receipts/${uuidv7()}/discard`, { by: 'Liza' })).statusCode).toBe(404);
    const row = await bo.store.db.selectFrom('stock_documents').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
  });
});
