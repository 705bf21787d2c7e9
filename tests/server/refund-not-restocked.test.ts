import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { AdminRefundsPage } from '../../protocol';
import { up as refundRestock } from '../../server/db/migrations/0024-refund-restock';
import { fleetSessionCookie, aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { footprint, post } from '../support/stock-documents';

/**
 * A customer brings back two things from one sale: a carton of milk that leaked (it goes in
 * the bin: the till sends its line with `restock: false`) and a loaf of bread she did not
 * want (back on the shelf). Both are paid back; only the bread goes back to stock.
 */
describe.each(databaseKinds)('a refund line not restocked on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  let refundNo = 0;
  let skuNo = 0;

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo.close());

  /** Two cartons of milk (₱80.00 each) and a loaf of bread (₱50.00), under SKUs of their own. */
  async function ringUpSale(): Promise<{ saleId: string; milk: string; bread: string }> {
    skuNo += 1;
    const milk = `MILK-${skuNo}`;
    const bread = `BREAD-${skuNo}`;
    const sale = aSale({
      lines: [
        { sku: milk, name: 'Fresh milk 1 L', qty: 2, unitPriceMinor: 8_000 },
        { sku: bread, name: 'Pandesal', qty: 1, unitPriceMinor: 5_000 },
      ],
      payments: [{ method: 'cash', amountMinor: 21_000 }],
    });
    const response = await post(bo, '/v1/sales', till.headers(uuidv7()), sale);
    expect(response.statusCode, response.body).toBe(201);
    return { saleId: (response.json() as { id: string }).id, milk, bread };
  }

  /** The leaked carton (not restocked) and the loaf (as any refund line: no `restock`). */
  const aRefund = (milk: string, bread: string) => ({
    localNumber: `R01-${String(++refundNo).padStart(6, '0')}`,
    occurredAt: new Date().toISOString(),
    lines: [
      { sku: milk, qty: 1, restock: false },
      { sku: bread, qty: 1 },
    ],
    reason: 'milk leaked; bread not wanted',
  });

  /** On hand in thousandths as stored in stock_levels (MAIN store). */
  async function level(sku: string): Promise<number> {
    const row = await bo.store.db
      .selectFrom('stock_levels as l')
      .innerJoin('stores as s', 's.id', 'l.store_id')
      .select('l.on_hand_milli')
      .where('s.code', '=', 'MAIN')
      .where('l.sku', '=', sku)
      .executeTakeFirst();
    return Number(row?.on_hand_milli ?? 0);
  }

  /** What a refund stored: its total, its lines with their flag, its ledger rows. */
  async function storedRefund(refundId: string) {
    const refund = await bo.store.db.selectFrom('refunds').select('total_minor').where('id', '=', refundId).executeTakeFirstOrThrow();
    const lines = await bo.store.db
      .selectFrom('refund_lines')
      .select(['sku', 'qty_milli', 'amount_minor', 'restocked'])
      .where('refund_id', '=', refundId)
      .orderBy('line_no')
      .execute();
    const movements = await bo.store.db
      .selectFrom('stock_movements')
      .select(['kind', 'sku', 'qty_milli'])
      .where('document_id', '=', refundId)
      .execute();
    return {
      totalMinor: Number(refund.total_minor),
      lines: lines.map((l) => ({ sku: l.sku, qtyMilli: Number(l.qty_milli), amountMinor: Number(l.amount_minor), restocked: Number(l.restocked) })),
      movements: movements.map((m) => ({ kind: m.kind, sku: m.sku, qtyMilli: Number(m.qty_milli) })),
    };
  }

  /** The refund as stored, and the levels: the milk's as the sale left it, the bread's one loaf up. */
  async function expectMilkBinnedBreadShelved(refundId: string, milk: string, bread: string, levels: { milk: number; bread: number }) {
    expect(await storedRefund(refundId)).toEqual({
      totalMinor: 8_000 + 5_000,
      lines: [
        { sku: milk, qtyMilli: 1_000, amountMinor: 8_000, restocked: 0 },
        { sku: bread, qtyMilli: 1_000, amountMinor: 5_000, restocked: 1 },
      ],
      movements: [{ kind: 'refund', sku: bread, qtyMilli: 1_000 }],
    });
    expect(await level(milk)).toBe(levels.milk);
    expect(await level(bread)).toBe(levels.bread + 1_000);
  }

  it('pays both lines back, moves stock for the restocked one only, and stores the flag per line', async () => {
    const { saleId, milk, bread } = await ringUpSale();
    const afterSale = { milk: await level(milk), bread: await level(bread) };
    expect(afterSale).toEqual({ milk: -2_000, bread: -1_000 });
    const response = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund(milk, bread));
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json() as { id: string; totalMinor: number };
    expect(body.totalMinor).toBe(13_000);
    await expectMilkBinnedBreadShelved(body.id, milk, bread, afterSale);
  });

  it('a binned carton still counts as refunded: the sale has one carton left to give back', async () => {
    const { saleId, milk, bread } = await ringUpSale();
    expect((await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund(milk, bread))).statusCode).toBe(201);
    const over = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), {
      ...aRefund(milk, bread),
      lines: [{ sku: milk, qty: 2, restock: false }],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({
      code: 'refund_exceeds_sale',
      errors: [{ path: '/lines/0/qty', message: `2 of ${milk} asked in this refund, but only 1 is left to refund` }],
    });
  });

  it('the same key again with restock changed is a reused key: 422, nothing new stored', async () => {
    const { saleId, milk, bread } = await ringUpSale();
    const afterSale = { milk: await level(milk), bread: await level(bread) };
    const key = uuidv7();
    const refund = aRefund(milk, bread);
    const first = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund);
    expect(first.statusCode).toBe(201);
    const refundId = (first.json() as { id: string }).id;
    const before = await footprint(bo.store);
    const restocked = { ...refund, lines: [{ sku: milk, qty: 1 }, refund.lines[1]] };
    const notRestocked = { ...refund, lines: [refund.lines[0], { sku: bread, qty: 1, restock: false }] };
    for (const changed of [restocked, notRestocked]) {
      const reused = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), changed);
      expect(reused.statusCode).toBe(422);
      expect(reused.headers['content-type']).toContain('application/problem+json');
      expect((reused.json() as { code: string }).code).toBe('idempotency_key_reused');
    }
    // The same body again is the same refund, replayed.
    const again = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund);
    expect(again.statusCode).toBe(201);
    expect(again.headers['x-idempotent-replay']).toBe('true');
    expect(await footprint(bo.store)).toEqual(before);
    await expectMilkBinnedBreadShelved(refundId, milk, bread, afterSale);
  });

  it('through POST /v1/sync/batch: the same, and the same key with restock changed is refused there too', async () => {
    const { saleId, milk, bread } = await ringUpSale();
    const afterSale = { milk: await level(milk), bread: await level(bread) };
    const key = uuidv7();
    const refund = aRefund(milk, bread);
    const path = `/v1/sales/${saleId}/refund`;
    const response = await post(bo, '/v1/sync/batch', till.headers(), { items: [{ key, method: 'POST', path, body: refund }] });
    expect(response.statusCode, response.body).toBe(200);
    const result = (response.json() as { results: { status: number; body: { id: string; totalMinor: number } }[] }).results[0]!;
    expect(result.status).toBe(201);
    expect(result.body.totalMinor).toBe(13_000);
    await expectMilkBinnedBreadShelved(result.body.id, milk, bread, afterSale);

    const before = await footprint(bo.store);
    const changed = { ...refund, lines: [{ sku: milk, qty: 1 }, refund.lines[1]] };
    const reused = await post(bo, '/v1/sync/batch', till.headers(), { items: [{ key, method: 'POST', path, body: changed }] });
    expect(reused.statusCode).toBe(200);
    expect((reused.json() as { results: { status: number; body: { code: string } }[] }).results[0]).toMatchObject({
      status: 422,
      body: { code: 'idempotency_key_reused' },
    });
    expect(await footprint(bo.store)).toEqual(before);
    await expectMilkBinnedBreadShelved(result.body.id, milk, bread, afterSale);
  });

  it('a refund of nothing but damaged goods moves no stock at all, alone or in a batch', async () => {
    const { saleId, milk, bread } = await ringUpSale();
    const afterSale = { milk: await level(milk), bread: await level(bread) };
    const binned = (qty: number) => ({ ...aRefund(milk, bread), lines: [{ sku: milk, qty, restock: false }] });
    const alone = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), binned(1));
    expect(alone.statusCode, alone.body).toBe(201);
    const batch = await post(bo, '/v1/sync/batch', till.headers(), {
      items: [{ key: uuidv7(), method: 'POST', path: `/v1/sales/${saleId}/refund`, body: binned(1) }],
    });
    const inBatch = (batch.json() as { results: { status: number; body: { id: string } }[] }).results[0]!;
    expect(inBatch.status).toBe(201);
    for (const id of [(alone.json() as { id: string }).id, inBatch.body.id])
      expect(await storedRefund(id)).toEqual({
        totalMinor: 8_000,
        lines: [{ sku: milk, qtyMilli: 1_000, amountMinor: 8_000, restocked: 0 }],
        movements: [],
      });
    expect([await level(milk), await level(bread)]).toEqual([afterSale.milk, afterSale.bread]);
  });

  it('restock: true is as a line without it', async () => {
    const { saleId, milk, bread } = await ringUpSale();
    const afterSale = await level(milk);
    const response = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), {
      ...aRefund(milk, bread),
      lines: [{ sku: milk, qty: 1, restock: true }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const stored = await storedRefund((response.json() as { id: string }).id);
    expect(stored.lines).toEqual([{ sku: milk, qtyMilli: 1_000, amountMinor: 8_000, restocked: 1 }]);
    expect(stored.movements).toEqual([{ kind: 'refund', sku: milk, qtyMilli: 1_000 }]);
    expect(await level(milk)).toBe(afterSale + 1_000);
  });

  it('GET /v1/admin/refunds shows each line with restock as stored', async () => {
    const { saleId, milk, bread } = await ringUpSale();
    const response = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund(milk, bread));
    const refundId = (response.json() as { id: string }).id;
    const listed = await bo.app.inject({ method: 'GET', url: '/v1/admin/refunds?limit=500', headers: bo.adminHeaders() });
    expect(listed.statusCode, listed.body).toBe(200);
    const item = (listed.json() as AdminRefundsPage).items.find((r) => r.id === refundId);
    expect(item?.lines).toEqual([
      { sku: milk, qty: 1, amountMinor: 8_000, restock: false },
      { sku: bread, qty: 1, amountMinor: 5_000, restock: true },
    ]);
  });

  it("the fleet page's recent refunds say what did not go back to stock", async () => {
    const { saleId, milk, bread } = await ringUpSale();
    const response = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), aRefund(milk, bread));
    const returnNumber = (response.json() as { returnNumber: string }).returnNumber;
    const cookie = await fleetSessionCookie(bo);
    const fleet = await bo.app.inject({ method: 'GET', url: '/fleet', headers: { cookie } });
    expect(fleet.body).toContain('<th>Not back to stock</th>');
    const row = fleet.body.split('<tr').find((r) => r.includes(`>${returnNumber}<`)) ?? '';
    // The leaked carton is named as the sale printed it, the loaf (back on the shelf) is not.
    expect(row).toContain(`1 × Fresh milk 1 L (${milk})`);
    expect(row).not.toContain(bread);
    expect(row).not.toContain('Pandesal');
  });
});

describe.each(databaseKinds)('migration 0024 on %s: refund lines recorded before it went back to stock', (kind) => {
  it('an existing line reads restocked = 1, and the migration run again (SQLite: after a crash) changes nothing', async () => {
    const bo = await startBackOffice(kind);
    try {
      const till = await bo.pairTerminal();
      const sale = await post(bo, '/v1/sales', till.headers(uuidv7()), aSale({ lines: [{ sku: 'OLD', qty: 2, unitPriceMinor: 1_000 }] }));
      const saleId = (sale.json() as { id: string }).id;
      const refund = { localNumber: 'R01-000001', occurredAt: new Date().toISOString(), lines: [{ sku: 'OLD', qty: 1 }], reason: 'before 0024' };
      expect((await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), refund)).statusCode).toBe(201);
      // The table as it was before 0024, its line already there; then 0024 over it, twice on SQLite.
      const db = bo.store.db as unknown as Kysely<unknown>;
      await sql`alter table refund_lines drop column restocked`.execute(db);
      await refundRestock(db);
      if (kind === 'sqlite') await refundRestock(db);
      const lines = await bo.store.db.selectFrom('refund_lines').select(['sku', 'restocked']).execute();
      expect(lines.map((l) => [l.sku, Number(l.restocked)])).toEqual([['OLD', 1]]);
    } finally {
      await bo.close();
    }
  });
});
