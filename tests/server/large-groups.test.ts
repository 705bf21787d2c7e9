import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMovements, type LedgerMovement } from '../../server/inventory/stock-ledger';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/**
 * After an outage a group can carry 128 long sales: thousands of ledger rows in one
 * transaction. Each statement must stay under the database's limit on bound values
 * (SQLite 32,766, PostgreSQL 65,535), or the group end fails and every write falls back
 * to one at a time.
 */
describe.each(databaseKinds)('a very large group end on %s', (kind) => {
  let office: TestBackOffice;
  beforeAll(async () => {
    office = await startBackOffice(kind);
  });
  afterAll(() => office.close());

  it('writes 6,000 ledger rows over 2,500 SKUs in one transaction: every row stored, each level equal to its ledger sum', async () => {
    const business = await office.store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    const store = await office.store.db
      .selectFrom('stores')
      .select('id')
      .where('business_id', '=', business.id)
      .where('code', '=', 'MAIN')
      .executeTakeFirstOrThrow();
    const documentId = uuidv7();
    const movements: LedgerMovement[] = Array.from({ length: 6000 }, (_, i) => ({
      businessId: business.id,
      storeId: store.id,
      sku: `SKU-${i % 2500}`,
      qtyMilli: -((i % 7) + 1) * 1000,
      kind: 'sale',
      documentId,
    }));
    const levels = await office.store.db.transaction().execute((trx) => recordMovements(trx, movements, new Date()));
    expect(levels).toHaveLength(2500);

    const { n } = await office.store.db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('document_id', '=', documentId)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(6000);
    const expected = new Map<string, number>();
    for (const m of movements) expected.set(m.sku, (expected.get(m.sku) ?? 0) + m.qtyMilli);
    const stored = await office.store.db.selectFrom('stock_levels').select(['sku', 'on_hand_milli']).where('store_id', '=', store.id).execute();
    expect(new Map(stored.map((l) => [l.sku, Number(l.on_hand_milli)]))).toEqual(expected);
    expect(new Map(levels.map((l) => [l.sku, l.onHandMilli]))).toEqual(expected);
  });
});
