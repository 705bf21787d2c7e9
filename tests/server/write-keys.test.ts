import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { adminPost, post } from '../support/stock-documents';

/**
 * PostgreSQL, migration 0025: the write path's foreign keys lock no row every write shares.
 * A sale or refund is keyed to its terminal with the terminal's store and business (one check,
 * stronger than the three it replaced); ledger rows have no keys; lines and payments keep theirs.
 */
describe('the keys of the write path on postgres', () => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  beforeAll(async () => {
    bo = await startBackOffice('postgres');
    expect((await adminPost(bo, '/v1/admin/stores', { businessCode: 'MAIN', code: 'NORTH', name: 'North' })).statusCode).toBe(201);
    till = await bo.pairTerminal();
  });
  afterAll(async () => {
    await bo?.close();
  });

  const keysOf = async (table: string) => {
    const { rows } = await sql<{ def: string }>`
      select pg_get_constraintdef(c.oid) as def from pg_constraint c
      where c.conrelid = ${table}::regclass and c.contype = 'f' order by 1`.execute(bo.store.db);
    return rows.map((r) => r.def);
  };

  it('keys a sale and a refund to their terminal, store and business together; ledger rows to nothing; lines and payments to their sale', async () => {
    for (const table of ['sales', 'refunds'])
      expect((await keysOf(table)).filter((k) => !k.includes('REFERENCES sales'))).toEqual([
        'FOREIGN KEY (terminal_id, store_id, business_id) REFERENCES terminals(id, store_id, business_id) NOT VALID',
      ]);
    expect(await keysOf('stock_movements')).toEqual([]);
    expect(await keysOf('sale_lines')).toEqual(['FOREIGN KEY (sale_id) REFERENCES sales(id)']);
    expect(await keysOf('sale_payments')).toEqual(['FOREIGN KEY (sale_id) REFERENCES sales(id)']);
  });

  it('refuses a sale row whose store is not its terminal’s, which the three keys before let through', async () => {
    const response = await post(
      bo,
      '/v1/sales',
      till.headers(uuidv7()),
      aSale({ localNumber: 'K-1', lines: [{ sku: 'COLA', qty: 1, unitPriceMinor: 2_500 }] }),
    );
    expect(response.statusCode).toBe(201);
    const sale = await bo.store.db.selectFrom('sales').selectAll().where('local_number', '=', 'K-1').executeTakeFirstOrThrow();
    const north = await bo.store.db.selectFrom('stores').select('id').where('code', '=', 'NORTH').executeTakeFirstOrThrow();
    const copy = { ...sale, id: uuidv7(), idempotency_key: uuidv7(), local_number: 'K-2', invoice_number: 'INV-K-2', series_value: 999_999 };
    await expect(
      bo.store.db
        .insertInto('sales')
        .values({ ...copy, store_id: north.id })
        .execute(),
    ).rejects.toThrow(/sales_terminal_fkey/);
    expect(await bo.store.db.selectFrom('sales').select('id').where('local_number', '=', 'K-2').execute()).toEqual([]);
    // The same row in its terminal's own store is stored: the key refused the store, nothing else.
    await bo.store.db.insertInto('sales').values(copy).execute();
    expect((await bo.store.db.selectFrom('sales').select('id').where('local_number', '=', 'K-2').execute()).length).toBe(1);
  });
});
