import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { migrateTo, migrateToLatest } from '../../server/db/migrate';
import { backfillStockLevels, up as stockLevelsMigration } from '../../server/db/migrations/0003-stock-levels';
import { recordMovements } from '../../server/inventory/stock-ledger';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { createTestDatabase, databaseKinds } from '../support/databases';
import { adminPost, addStore, post } from '../support/stock-documents';

/** SUM(ledger) per store and SKU, straight from stock_movements: the truth. */
async function ledgerSums(store: BackOfficeDb): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('stock_movements')
    .select(['store_id', 'sku', (eb) => eb.fn.sum<number>('qty_milli').as('qty')])
    .groupBy(['store_id', 'sku'])
    .execute();
  return Object.fromEntries(rows.map((r) => [`${r.store_id}|${r.sku}`, Number(r.qty)]));
}

async function levels(store: BackOfficeDb): Promise<Record<string, number>> {
  const rows = await store.db.selectFrom('stock_levels').select(['store_id', 'sku', 'on_hand_milli']).execute();
  return Object.fromEntries(rows.map((r) => [`${r.store_id}|${r.sku}`, Number(r.on_hand_milli)]));
}

describe.each(databaseKinds)('migration 0003 on %s: stock_levels backfilled from the ledger', (kind) => {
  it('a ledger written before 0003 comes out as one level per store and SKU, equal to its sum; writes then carry on from it', async () => {
    const database = await createTestDatabase(kind);
    const store = openDatabase(database.url);
    try {
      expect(await migrateTo(store, '0002-back-office-documents')).toEqual(['0001-initial', '0002-back-office-documents']);
      await ensureDefaultBusiness(store);
      const business = await store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
      const main = await store.db
        .selectFrom('stores')
        .select('id')
        .where('business_id', '=', business.id)
        .where('code', '=', 'MAIN')
        .executeTakeFirstOrThrow();
      const other = { id: uuidv7(), business_id: business.id, code: 'OTHER', name: 'Other', created_at: new Date().toISOString() };
      await store.db.insertInto('stores').values(other).execute();
      const storeIds = [main.id, other.id];

      // An old ledger: many movements, in and out, some summing to zero or below.
      const movements: { store: number; sku: string; qtyMilli: number }[] = fc.sample(
        fc.record({
          store: fc.constantFrom(0, 1),
          sku: fc.constantFrom('A', 'B', 'C', 'D-Ü', 'E E'),
          qtyMilli: fc.integer({ min: -5_000_000, max: 5_000_000 }),
        }),
        { numRuns: 400, seed: 3 },
      );
      movements.push({ store: 0, sku: 'ZERO', qtyMilli: 1500 }, { store: 0, sku: 'ZERO', qtyMilli: -1500 }, { store: 1, sku: 'NEG', qtyMilli: -250 });
      const at = new Date().toISOString();
      for (let i = 0; i < movements.length; i += 100) {
        await store.db
          .insertInto('stock_movements')
          .values(
            movements.slice(i, i + 100).map((m) => ({
              id: uuidv7(),
              business_id: business.id,
              store_id: storeIds[m.store]!,
              sku: m.sku,
              qty_milli: m.qtyMilli,
              kind: 'correction',
              document_id: uuidv7(),
              created_at: at,
            })),
          )
          .execute();
      }
      const expected: Record<string, number> = {};
      for (const m of movements) expected[`${storeIds[m.store]}|${m.sku}`] = (expected[`${storeIds[m.store]}|${m.sku}`] ?? 0) + m.qtyMilli;

      // 0003 runs first over the old ledger; later migrations follow it.
      expect((await migrateToLatest(store))[0]).toBe('0003-stock-levels');
      expect(await levels(store)).toEqual(expected);
      expect(await ledgerSums(store)).toEqual(expected);
      expect(expected[`${main.id}|ZERO`]).toBe(0);
      expect(expected[`${other.id}|NEG`]).toBe(-250);
      const businesses = await store.db.selectFrom('stock_levels').select('business_id').distinct().execute();
      expect(businesses).toEqual([{ business_id: business.id }]);

      // Re-runnable (SQLite runs migrations outside a transaction): running it again recomputes, never doubles.
      await stockLevelsMigration(store.db as unknown as Kysely<unknown>);
      expect(await levels(store)).toEqual(expected);
      // The backfill alone, over an emptied table, is the same sum.
      await store.db.deleteFrom('stock_levels').execute();
      await backfillStockLevels(store.db as unknown as Kysely<unknown>);
      expect(await levels(store)).toEqual(expected);
    } finally {
      await store.close();
    }

    // The server on the migrated database moves on from the backfilled level.
    const bo = await startBackOffice(kind, {}, database);
    try {
      const till = await bo.pairTerminal();
      const before = (await levels(bo.store)) as Record<string, number>;
      const mainStore = await bo.store.db
        .selectFrom('stores as s')
        .innerJoin('businesses as b', 'b.id', 's.business_id')
        .select('s.id')
        .where('b.code', '=', 'MAIN')
        .where('s.code', '=', 'MAIN')
        .executeTakeFirstOrThrow();
      const sale = {
        localNumber: 'M-1',
        occurredAt: new Date().toISOString(),
        cashier: 'ana',
        lines: [{ sku: 'A', qty: 2, unitPriceMinor: 100 }],
        payments: [{ method: 'cash', amountMinor: 200 }],
      };
      expect((await post(bo, '/v1/sales', till.headers(uuidv7()), sale)).statusCode).toBe(201);
      const after = await levels(bo.store);
      expect(after[`${mainStore.id}|A`]).toBe((before[`${mainStore.id}|A`] ?? 0) - 2000);
      expect(after).toEqual(await ledgerSums(bo.store));
    } finally {
      await bo.close();
      await database.drop();
    }
  });
});

describe.each(databaseKinds)('negative_stock read from stock_levels on %s', (kind) => {
  let bo: TestBackOffice;
  let local = 0;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
    for (const sku of ['SOAP', 'RICE']) {
      const put = await bo.app.inject({
        method: 'PUT',
        url: `/v1/admin/products/${sku}`,
        headers: bo.adminHeaders(),
        payload: { businessCode: 'MAIN', name: sku, priceMinor: 100 },
      });
      expect(put.statusCode).toBeLessThan(300);
    }
  });
  afterAll(async () => bo.close());

  const correct = async (sku: string, qtyDelta: number, storeCode = 'MAIN') =>
    expect(
      (await adminPost(bo, '/v1/inventory-corrections', { businessCode: 'MAIN', storeCode, reason: 'count', lines: [{ sku, qtyDelta }] })).statusCode,
    ).toBe(201);
  const sell = async (lines: { sku: string; qty: number }[], terminal = till) => {
    const qty = lines.reduce((sum, line) => sum + line.qty, 0);
    const sale = {
      localNumber: `N-${++local}`,
      occurredAt: new Date().toISOString(),
      cashier: 'ana',
      lines: lines.map((l) => ({ ...l, unitPriceMinor: 100 })),
      payments: [{ method: 'cash', amountMinor: Math.ceil(100 * qty) }],
    };
    const response = await post(bo, '/v1/sales', (await terminal).headers(uuidv7()), sale);
    expect(response.statusCode).toBe(201);
    return (response.json() as { flags: string[] }).flags;
  };
  let till: ReturnType<TestBackOffice['pairTerminal']>;
  beforeAll(() => {
    till = bo.pairTerminal();
  });

  it('selling down to exactly zero is not flagged; one more is', async () => {
    await correct('SOAP', 2);
    expect(await sell([{ sku: 'SOAP', qty: 2 }])).toEqual([]);
    expect(await sell([{ sku: 'SOAP', qty: 0.001 }])).toEqual(['negative_stock']);
  });

  it('two lines of one SKU count together, and a fraction of a unit counts', async () => {
    await correct('RICE', 3);
    expect(
      await sell([
        { sku: 'RICE', qty: 2 },
        { sku: 'RICE', qty: 1.5 },
      ]),
    ).toEqual(['negative_stock']);
    await correct('RICE', 0.5);
    expect(
      await sell([
        { sku: 'RICE', qty: 0.001 },
        { sku: 'RICE', qty: 0.001 },
      ]),
    ).toEqual(['negative_stock']);
  });

  it('a SKU outside the catalog is never flagged negative_stock, only unknown_sku', async () => {
    expect(await sell([{ sku: 'LOOSE', qty: 5 }])).toEqual(['unknown_sku']);
    expect(
      await sell([
        { sku: 'LOOSE', qty: 1 },
        { sku: 'SOAP', qty: 0.001 },
      ]),
    ).toEqual(['unknown_sku', 'negative_stock']);
  });

  it('stock of another store does not count', async () => {
    await addStore(bo, 'FAR');
    await correct('SOAP', 100, 'FAR');
    expect(await sell([{ sku: 'SOAP', qty: 1 }])).toEqual(['negative_stock']);
    const far = bo.pairTerminal({ storeCode: 'FAR' });
    expect(await sell([{ sku: 'SOAP', qty: 100 }], far)).toEqual([]);
    expect(await sell([{ sku: 'SOAP', qty: 1 }], far)).toEqual(['negative_stock']);
    expect(await levels(bo.store)).toEqual(await ledgerSums(bo.store));
  });

  it('concurrent sales, refunds and corrections over the same SKUs, lines in any order: all land, levels == SUM(ledger), no retried transaction', async () => {
    const tills = await Promise.all(Array.from({ length: 6 }, (_, i) => bo.pairTerminal({ name: `C${i}` })));
    const retriesBefore = bo.metrics.counts.transactionRetries;
    const skus = ['SOAP', 'RICE', 'OIL', 'SALT'];
    const orders = fc.sample(fc.shuffledSubarray(skus, { minLength: 2, maxLength: 4 }), { numRuns: 60, seed: 7 });
    await Promise.all(
      tills.map(async (t, i) => {
        for (let n = 0; n < 10; n++) {
          const lines = (orders[i * 10 + n] ?? skus).map((sku) => ({ sku, qty: 1 }));
          const sale = {
            localNumber: `C-${i}-${n}`,
            occurredAt: new Date().toISOString(),
            cashier: 'ana',
            lines: lines.map((l) => ({ ...l, unitPriceMinor: 100 })),
            payments: [{ method: 'cash', amountMinor: 100 * lines.length }],
          };
          const response = await post(bo, '/v1/sales', t.headers(uuidv7()), sale);
          expect(response.statusCode).toBe(201);
          if (n % 3 === 0) {
            const refund = {
              localNumber: `CR-${i}-${n}`,
              occurredAt: new Date().toISOString(),
              lines: [...lines].reverse().map((l) => ({ sku: l.sku, qty: 1 })),
              reason: 'r',
            };
            expect((await post(bo, `/v1/sales/${(response.json() as { id: string }).id}/refund`, t.headers(uuidv7()), refund)).statusCode).toBe(201);
          }
          if (n % 4 === 0) {
            const correction = {
              businessCode: 'MAIN',
              storeCode: 'MAIN',
              reason: 'count',
              lines: [...skus].reverse().map((sku) => ({ sku, qtyDelta: 1 })),
            };
            expect((await adminPost(bo, '/v1/inventory-corrections', correction)).statusCode).toBe(201);
          }
        }
      }),
    );
    expect(await levels(bo.store)).toEqual(await ledgerSums(bo.store));
    // No deadlock (PostgreSQL 40P01) or busy lock was met and retried.
    expect(bo.metrics.counts.transactionRetries).toBe(retriesBefore);
  });
});

describe('recordMovements on postgres: level rows are locked in (store, SKU) order', () => {
  let bo: TestBackOffice;
  beforeAll(async () => {
    bo = await startBackOffice('postgres');
  });
  afterAll(async () => bo.close());

  it('a write given B then A locks A first, so it cannot deadlock with one given A then B', async () => {
    const place = await bo.store.db.selectFrom('stores').select(['id', 'business_id']).executeTakeFirstOrThrow();
    const movement = (sku: string, qtyMilli: number) => ({
      businessId: place.business_id,
      storeId: place.id,
      sku,
      qtyMilli,
      kind: 'correction' as const,
      documentId: uuidv7(),
    });
    await bo.store.db.transaction().execute((trx) => recordMovements(trx, [movement('LOCK-A', 1000), movement('LOCK-B', 1000)], new Date()));

    // 1: holds B.
    const first = await bo.store.db.startTransaction().execute();
    await recordMovements(first, [movement('LOCK-B', 1)], new Date());
    // 2: given B before A. In order it takes A, then waits for B.
    const second = await bo.store.db.startTransaction().execute();
    const secondDone = recordMovements(second, [movement('LOCK-B', 10), movement('LOCK-A', 10)], new Date());
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql<{
        waiting: number;
      }>`select count(*)::int as waiting from pg_locks where not granted and locktype = 'transactionid'`.execute(bo.store.db);
      if ((rows[0]?.waiting ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // 3: A is already held by 2 (had 2 gone B-first, A would be free and 3 would get it).
    const third = await bo.store.db.startTransaction().execute();
    await sql`set local lock_timeout = '300ms'`.execute(third);
    await expect(recordMovements(third, [movement('LOCK-A', 100)], new Date())).rejects.toMatchObject({ code: '55P03' });
    await third.rollback().execute();

    await first.commit().execute();
    await secondDone;
    await second.commit().execute();
    const after = await levels(bo.store);
    expect(after[`${place.id}|LOCK-A`]).toBe(1010);
    expect(after[`${place.id}|LOCK-B`]).toBe(1011);
    expect(after).toEqual(await ledgerSums(bo.store));
  });
});
