import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { aSale, ADMIN_TOKEN, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { post } from '../support/stock-documents';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * Found by a black-box probe: a refund split its VAT by the business's tax table as it was
 * on the day of the refund. A sale made while VAT-registered, given back after the business
 * became non-VAT, gave back no VAT (₱3.21 left on the day); a non-VAT invoice's return slip
 * carried VAT. Each line now keeps the tax it was charged, and the refund gives back that.
 */
describe.each(databaseKinds)('a refund gives back the VAT its sale charged, whatever the tax table says since, on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  let refundNo = 0;

  const registered = (vatRegistered: boolean) =>
    bo.app.inject({
      method: 'PUT',
      url: '/v1/admin/businesses/MAIN/profile',
      headers: admin,
      payload: { registeredName: 'Dela Cruz Trading Corp.', address: '12 Mabini St., Marikina City', tin: '123-456-789-00000', vatRegistered },
    });
  const sellTwoBottles = async () => {
    const sale = await post(
      bo,
      '/v1/sales',
      till.headers(uuidv7()),
      aSale({ lines: [{ sku: 'MED', qty: 2, unitPriceMinor: 1_500, taxCode: 'VAT12' }], payments: [{ method: 'cash', amountMinor: 3_000 }] }),
    );
    expect(sale.statusCode).toBe(201);
    return (sale.json() as { id: string }).id;
  };
  const refundOne = async (saleId: string) => {
    const refund = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), {
      localNumber: `R01-${String(++refundNo).padStart(6, '0')}`,
      occurredAt: new Date().toISOString(),
      lines: [{ sku: 'MED', qty: 1 }],
      reason: 'unopened',
    });
    expect(refund.statusCode).toBe(201);
  };
  const stored = async (saleId: string) => {
    const sale = await bo.store.db
      .selectFrom('sales')
      .select(['vatable_minor', 'vat_minor', 'exempt_minor'])
      .where('id', '=', saleId)
      .executeTakeFirstOrThrow();
    const refunds = await bo.store.db
      .selectFrom('refunds')
      .select(['vatable_minor', 'vat_minor', 'exempt_minor'])
      .where('sale_id', '=', saleId)
      .execute();
    const sum = (key: 'vatable_minor' | 'vat_minor' | 'exempt_minor') => refunds.reduce((total, r) => total + Number(r[key]), 0);
    return {
      sale: { vatable: Number(sale.vatable_minor), vat: Number(sale.vat_minor), exempt: Number(sale.exempt_minor) },
      refunded: { vatable: sum('vatable_minor'), vat: sum('vat_minor'), exempt: sum('exempt_minor') },
    };
  };

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
    const product = await bo.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/MED',
      headers: admin,
      payload: { businessCode: 'MAIN', name: 'Paracetamol 500 mg x 10', priceMinor: 1_500, taxCode: 'VAT12' },
    });
    expect(product.statusCode).toBe(200);
  });
  afterAll(async () => bo.close());

  it('sold VAT-registered, given back in two steps after the business became non-VAT: the ₱3.21 of VAT comes back, to the centavo', async () => {
    expect((await registered(true)).statusCode).toBe(200);
    const saleId = await sellTwoBottles();
    expect((await registered(false)).statusCode).toBe(200);
    await refundOne(saleId);
    await refundOne(saleId);
    expect(await stored(saleId)).toEqual({ sale: { vatable: 2_679, vat: 321, exempt: 0 }, refunded: { vatable: 2_679, vat: 321, exempt: 0 } });
  });

  it('sold non-VAT, given back after the business registered for VAT: the return slip carries no VAT either', async () => {
    expect((await registered(false)).statusCode).toBe(200);
    const saleId = await sellTwoBottles();
    expect((await registered(true)).statusCode).toBe(200);
    await refundOne(saleId);
    await refundOne(saleId);
    const { sale, refunded } = await stored(saleId);
    expect(sale.vat).toBe(0);
    expect(refunded).toEqual(sale);
  });
});
