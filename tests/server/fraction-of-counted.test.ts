import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { post } from '../support/stock-documents';

describe.each(databaseKinds)('a fraction of a product sold by the piece, rung up by an older till, on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
    for (const [sku, body] of Object.entries({
      COKE: { name: 'Coca-Cola 1.5 L', priceMinor: 8_500, taxCode: 'VAT12', soldBy: 'piece' },
      FISH: { name: 'Fresh Galunggong', priceMinor: 24_000, taxCode: 'VAT_EXEMPT', soldBy: 'weight' },
      // Entered without saying how it is sold: any quantity, as before.
      LIEMPO: { name: 'Pork Liempo', priceMinor: 32_000, taxCode: 'VAT_EXEMPT' },
    }))
      expect(
        (
          await bo.app.inject({
            method: 'PUT',
            url: `/v1/admin/products/${sku}`,
            headers: bo.adminHeaders(),
            payload: { businessCode: 'MAIN', ...body },
          })
        ).statusCode,
      ).toBe(200);
  });
  afterAll(async () => bo.close());

  const sell = async (lines: { sku: string; name: string; qty: number; unitPriceMinor: number }[]) => {
    const response = await post(bo, '/v1/sales', till.headers(uuidv7()), aSale({ lines, payments: [{ method: 'cash', amountMinor: 100_000 }] }));
    expect(response.statusCode).toBe(201);
    const { id } = response.json() as { id: string };
    return bo.store.db.selectFrom('sales').select(['status', 'flags', 'invoice_number']).where('id', '=', id).executeTakeFirstOrThrow();
  };

  it('1.5 bottles is kept, numbered and flagged fraction_of_counted for review: a sale that happened is never refused', async () => {
    const stored = await sell([{ sku: 'COKE', name: 'Coca-Cola 1.5 L', qty: 1.5, unitPriceMinor: 8_500 }]);
    expect(stored.invoice_number).toMatch(/^INV-/);
    expect(stored.status).toBe('needs_review');
    expect(JSON.parse(stored.flags) as string[]).toContain('fraction_of_counted');
    const lines = await bo.store.db
      .selectFrom('sale_lines')
      .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
      .select('qty_milli')
      .where('sales.invoice_number', '=', stored.invoice_number)
      .execute();
    expect(lines.map((l) => Number(l.qty_milli))).toEqual([1500]);
  });

  it('0.750 kg of fish, 1.25 kg of a product whose catalog entry does not say how it is sold, and two whole bottles are not flagged for it', async () => {
    const stored = await sell([
      { sku: 'FISH', name: 'Fresh Galunggong', qty: 0.75, unitPriceMinor: 24_000 },
      { sku: 'LIEMPO', name: 'Pork Liempo', qty: 1.25, unitPriceMinor: 32_000 },
      { sku: 'COKE', name: 'Coca-Cola 1.5 L', qty: 2, unitPriceMinor: 8_500 },
    ]);
    expect(JSON.parse(stored.flags) as string[]).not.toContain('fraction_of_counted');
  });
});
