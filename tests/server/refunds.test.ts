import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice, range } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, footprint, ledgerMilli, post } from '../support/stock-documents';

describe.each(databaseKinds)('refunds on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  let refundNo = 0;
  const nextLocal = () => `R01-${String(++refundNo).padStart(6, '0')}`;
  const aRefund = (lines: { sku: string; qty: number }[], overrides: Record<string, unknown> = {}) => ({
    localNumber: nextLocal(),
    occurredAt: new Date().toISOString(),
    lines,
    reason: 'customer changed mind',
    ...overrides,
  });

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo.close());

  /** Three bags of rice with a 10.00 discount on the line, and a bar of soap. */
  async function ringUpSale(): Promise<string> {
    const sale = aSale({
      lines: [
        { sku: 'RICE-5KG', qty: 3, unitPriceMinor: 10_000, discountMinor: 1_000 },
        { sku: 'SOAP', qty: 1, unitPriceMinor: 5_000 },
      ],
    });
    const response = await post(bo, '/v1/sales', till.headers(uuidv7()), sale);
    expect(response.statusCode).toBe(201);
    return (response.json() as { id: string }).id;
  }

  it('refunds part of a sale, then the rest: amounts add up to exactly what was charged', async () => {
    const saleId = await ringUpSale();
    const before = await ledgerMilli(bo.store, 'MAIN', 'RICE-5KG');
    const first = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'RICE-5KG', qty: 1 }]));
    expect(first.statusCode).toBe(201);
    const body = first.json() as { id: string; returnNumber: string; saleId: string; totalMinor: number };
    expect(body.returnNumber).toMatch(/^RET-\d{6}-\d{4}$/);
    expect(body.saleId).toBe(saleId);
    expect(body.totalMinor).toBe(9_667);
    const rest = await post(
      bo,
      `/v1/sales/${saleId}/refund`,
      till.headers(uuidv7()),
      aRefund([
        { sku: 'RICE-5KG', qty: 2 },
        { sku: 'SOAP', qty: 1 },
      ]),
    );
    expect(rest.statusCode).toBe(201);
    expect((rest.json() as { totalMinor: number }).totalMinor).toBe(19_333 + 5_000);
    expect(await ledgerMilli(bo.store, 'MAIN', 'RICE-5KG')).toBe(before + 3_000);
    const movements = await bo.store.db.selectFrom('stock_movements').select(['kind', 'qty_milli']).where('document_id', '=', body.id).execute();
    expect(movements.map((m) => [m.kind, Number(m.qty_milli)])).toEqual([['refund', 1_000]]);
  });

  it('a line discounted below 0 takes it off the others: refunding everything gives back what the sale took, never more', async () => {
    // ₱1.00 of soda with ₱1.50 off (flagged discount_exceeds_line) and ₱10.00 of bread: the sale took ₱9.50.
    const sale = await post(
      bo,
      '/v1/sales',
      till.headers(uuidv7()),
      aSale({
        lines: [
          { sku: 'SODA', qty: 1, unitPriceMinor: 100, discountMinor: 150 },
          { sku: 'BREAD', qty: 1, unitPriceMinor: 1_000 },
        ],
        payments: [{ method: 'cash', amountMinor: 950 }],
      }),
    );
    expect(sale.json()).toMatchObject({ totalMinor: 950, flags: expect.arrayContaining(['discount_exceeds_line']) });
    const saleId = (sale.json() as { id: string }).id;
    const soda = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'SODA', qty: 1 }]));
    const bread = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'BREAD', qty: 1 }]));
    expect([soda.statusCode, bread.statusCode]).toEqual([201, 201]);
    expect([(soda.json() as { totalMinor: number }).totalMinor, (bread.json() as { totalMinor: number }).totalMinor]).toEqual([0, 950]);
    const stored = await bo.store.db.selectFrom('refunds').select('total_minor').where('sale_id', '=', saleId).execute();
    expect(stored.reduce((sum, r) => sum + Number(r.total_minor), 0)).toBe(950);
  });

  it('two ₱24.50 cans given back one at a time give back the sale’s own ₱5.25 of VAT, not ₱2.62 twice', async () => {
    const sale = aSale({
      lines: [{ sku: 'SARDINES', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'cash', amountMinor: 4_900 }],
    });
    const sold = await post(bo, '/v1/sales', till.headers(uuidv7()), sale);
    const saleId = (sold.json() as { id: string }).id;
    for (let n = 0; n < 2; n++)
      expect((await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'SARDINES', qty: 1 }]))).statusCode).toBe(201);
    const stored = await bo.store.db.selectFrom('sales').select(['vatable_minor', 'vat_minor']).where('id', '=', saleId).executeTakeFirstOrThrow();
    const returned = await bo.store.db
      .selectFrom('refunds')
      .select(['vatable_minor', 'vat_minor'])
      .where('sale_id', '=', saleId)
      .orderBy('return_number')
      .execute();
    expect([Number(stored.vatable_minor), Number(stored.vat_minor)]).toEqual([4_375, 525]);
    // The first slip rounds on its own (₱21.88 + ₱2.62), the second is what is left of the sale's.
    expect(returned.map((r) => [Number(r.vatable_minor), Number(r.vat_minor)])).toEqual([
      [2_188, 262],
      [2_187, 263],
    ]);
  });

  it('refuses to refund more than was sold, over all refunds of the sale, and stores nothing', async () => {
    const saleId = await ringUpSale();
    expect((await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'RICE-5KG', qty: 2 }]))).statusCode).toBe(201);
    const before = await footprint(bo.store);
    const key = uuidv7();
    const over = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), aRefund([{ sku: 'RICE-5KG', qty: 1.5 }]));
    expect(over.statusCode).toBe(422);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect((over.json() as { code: string }).code).toBe('refund_exceeds_sale');
    const unsold = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'NOT-SOLD', qty: 1 }]));
    expect(unsold.json()).toMatchObject({ code: 'refund_exceeds_sale', errors: [{ path: '/lines/0/sku', message: 'NOT-SOLD is not on this sale' }] });
    // Found by a black-box review: another spelling of a SKU of the sale is not "only 0 left" but not on it, saying which is.
    const spelled = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'rice-5kg', qty: 1 }]));
    expect(spelled.json()).toMatchObject({
      code: 'refund_exceeds_sale',
      errors: [{ path: '/lines/0/sku', message: 'rice-5kg is not on this sale (it sold RICE-5KG: send the SKU as the sale has it)' }],
    });
    expect(await footprint(bo.store)).toEqual(before);
    // The key stored nothing: it can be used for a refund that fits.
    expect((await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), aRefund([{ sku: 'RICE-5KG', qty: 1 }]))).statusCode).toBe(201);
  });

  it('a SKU on two lines of a refund is told what the lines ask of it in all and what is left, never a negative quantity', async () => {
    const saleId = await ringUpSale();
    expect((await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'RICE-5KG', qty: 2 }]))).statusCode).toBe(201);
    const before = await footprint(bo.store);
    const over = await post(
      bo,
      `/v1/sales/${saleId}/refund`,
      till.headers(uuidv7()),
      aRefund([
        { sku: 'RICE-5KG', qty: 2 },
        { sku: 'SOAP', qty: 1 },
        { sku: 'RICE-5KG', qty: 1 },
      ]),
    );
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({
      code: 'refund_exceeds_sale',
      errors: [
        { path: '/lines/0/qty', message: '3 of RICE-5KG asked in this refund (on 2 lines), but only 1 is left to refund' },
        { path: '/lines/2/qty', message: '3 of RICE-5KG asked in this refund (on 2 lines), but only 1 is left to refund' },
      ],
    });
    const single = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'SOAP', qty: 1.5 }]));
    expect(single.json()).toMatchObject({
      errors: [{ path: '/lines/0/qty', message: '1.5 of SOAP asked in this refund, but only 1 is left to refund' }],
    });
    expect(await footprint(bo.store)).toEqual(before);
    const refunds = await bo.store.db.selectFrom('refunds').select('id').where('sale_id', '=', saleId).execute();
    expect(refunds).toHaveLength(1);
  });

  it('replays byte for byte with X-Idempotent-Replay, and 422 when the key is reused for another refund', async () => {
    const saleId = await ringUpSale();
    const key = uuidv7();
    const refund = aRefund([{ sku: 'SOAP', qty: 1 }]);
    const first = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund);
    const again = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['x-idempotent-replay']).toBe('true');
    expect(first.headers['x-idempotent-replay']).toBeUndefined();
    const reused = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), { ...refund, reason: 'other' });
    expect(reused.statusCode).toBe(422);
    expect((reused.json() as { code: string }).code).toBe('idempotency_key_reused');
    const refunds = await bo.store.db.selectFrom('refunds').select('id').where('sale_id', '=', saleId).execute();
    expect(refunds).toHaveLength(1);
  });

  it('a replay after the response cache expired still creates nothing and returns the original refund', async () => {
    const saleId = await ringUpSale();
    const key = uuidv7();
    const refund = aRefund([{ sku: 'SOAP', qty: 1 }]);
    const first = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund);
    await bo.store.db.deleteFrom('idempotency_responses').execute();
    const late = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund);
    expect(late.statusCode).toBe(200);
    expect(late.headers['x-idempotent-replay']).toBe('true');
    expect(late.json()).toEqual(first.json());
    expect(await bo.store.db.selectFrom('refunds').select('id').where('sale_id', '=', saleId).execute()).toHaveLength(1);
  });

  it('the same key sent ten times at once refunds once', async () => {
    const saleId = await ringUpSale();
    const key = uuidv7();
    const refund = aRefund([{ sku: 'RICE-5KG', qty: 1 }]);
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund)));
    for (const r of responses) expect([201, 409]).toContain(r.statusCode);
    expect(responses.filter((r) => r.statusCode === 201 && r.headers['x-idempotent-replay'] === undefined)).toHaveLength(1);
    const refunds = await bo.store.db.selectFrom('refunds').select('id').where('sale_id', '=', saleId).execute();
    expect(refunds).toHaveLength(1);
    const moved = await bo.store.db.selectFrom('stock_movements').select('id').where('document_id', '=', refunds[0]!.id).execute();
    expect(moved).toHaveLength(1);
  });

  it('two refunds racing for the last unit: exactly one 201, one 422, the ledger right', async () => {
    const sale = aSale({ lines: [{ sku: 'LAST-ONE', qty: 1, unitPriceMinor: 7_000 }] });
    const saleId = ((await post(bo, '/v1/sales', till.headers(uuidv7()), sale)).json() as { id: string }).id;
    const other = await bo.pairTerminal();
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all([
        post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'LAST-ONE', qty: 1 }])),
        post(bo, `/v1/sales/${saleId}/refund`, other.headers(uuidv7()), aRefund([{ sku: 'LAST-ONE', qty: 1 }])),
      ]);
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses).toEqual(round === 0 ? [201, 422] : [422, 422]);
    }
    expect(await ledgerMilli(bo.store, 'MAIN', 'LAST-ONE')).toBe(0);
  });

  it('return numbers stay gapless and unique when many refunds arrive at once', async () => {
    const saleIds = await Promise.all(Array.from({ length: 8 }, () => ringUpSale()));
    const responses = await Promise.all(
      saleIds.map((id) => post(bo, `/v1/sales/${id}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'SOAP', qty: 1 }]))),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(saleIds.map(() => 201));
    const values = (await bo.store.db.selectFrom('refunds').select('series_value').orderBy('series_value').execute()).map((r) =>
      Number(r.series_value),
    );
    expect(values).toEqual(range(values.length));
  });

  it("another store's sale is not found, and so is a sale that does not exist", async () => {
    const saleId = await ringUpSale();
    await addStore(bo, 'NORTH');
    const northTill = await bo.pairTerminal({ storeCode: 'NORTH' });
    const before = await footprint(bo.store);
    const foreign = await post(bo, `/v1/sales/${saleId}/refund`, northTill.headers(uuidv7()), aRefund([{ sku: 'SOAP', qty: 1 }]));
    expect(foreign.statusCode).toBe(404);
    const missing = await post(bo, `/v1/sales/${uuidv7()}/refund`, till.headers(uuidv7()), aRefund([{ sku: 'SOAP', qty: 1 }]));
    expect(missing.statusCode).toBe(404);
    expect(await footprint(bo.store)).toEqual(before);
  });

  it('bad input is a 4xx problem and changes nothing', async () => {
    const saleId = await ringUpSale();
    const url = `/v1/sales/${saleId}/refund`;
    const good = aRefund([{ sku: 'SOAP', qty: 1 }]);
    const before = await footprint(bo.store);
    const cases: [Record<string, string>, unknown, number][] = [
      [till.headers(), good, 400],
      [till.headers('bad key with spaces'), good, 400],
      [{ 'idempotency-key': uuidv7() }, good, 401],
      [bo.adminHeaders(uuidv7()), good, 403],
      [till.headers(uuidv7()), { ...good, lines: [] }, 400],
      [till.headers(uuidv7()), { ...good, lines: [{ sku: 'SOAP', qty: 0 }] }, 400],
      [till.headers(uuidv7()), { ...good, lines: [{ sku: 'SOAP', qty: 0.0001 }] }, 400],
      [till.headers(uuidv7()), { ...good, lines: [{ sku: 'SOAP', qty: -1 }] }, 400],
      [till.headers(uuidv7()), { ...good, occurredAt: 'yesterday' }, 400],
      [till.headers(uuidv7()), { ...good, reason: '' }, 400],
      [till.headers(uuidv7()), { lines: good.lines }, 400],
      [till.headers(uuidv7()), 'not an object', 400],
    ];
    for (const [headers, body, status] of cases) {
      const response = await post(bo, url, headers, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const malformed = await bo.app.inject({
      method: 'POST',
      url,
      headers: { ...till.headers(uuidv7()), 'content-type': 'application/json' },
      payload: '{"lines": [',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await footprint(bo.store)).toEqual(before);
  });

  it('a refund travels in a sync batch like a sale', async () => {
    const saleId = await ringUpSale();
    const key = uuidv7();
    const response = await post(bo, '/v1/sync/batch', till.headers(), {
      items: [{ key, method: 'POST', path: `/v1/sales/${saleId}/refund`, body: aRefund([{ sku: 'SOAP', qty: 1 }]) }],
    });
    expect(response.statusCode).toBe(200);
    const result = (response.json() as { results: { status: number; body: { returnNumber: string } }[] }).results[0]!;
    expect(result.status).toBe(201);
    expect(result.body.returnNumber).toMatch(/^RET-/);
  });
});
