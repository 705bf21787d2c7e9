import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type RawBuilder } from 'kysely';
import { beneficiaryKey, beneficiaryKeySql } from '../../protocol/senior-discount';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';

/** The indexes a recorded sale updates: none that another one already covers, none it does not need. */
describe.each(databaseKinds)('the indexes of the write path on %s', (kind) => {
  let database: TestDatabase;
  let store: BackOfficeDb;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = openDatabase(database.url);
    await migrateToLatest(store);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const indexesOf = async (table: string): Promise<Map<string, string>> => {
    if (kind === 'sqlite') {
      const { rows } = await sql<{
        name: string;
        sql: string | null;
      }>`select name, sql from sqlite_master where type = 'index' and tbl_name = ${table}`.execute(store.db);
      return new Map(rows.map((r) => [r.name, r.sql ?? '(automatic)']));
    }
    const { rows } = await sql<{
      indexname: string;
      indexdef: string;
    }>`select indexname, indexdef from pg_indexes where tablename = ${table}`.execute(store.db);
    return new Map(rows.map((r) => [r.indexname, r.indexdef]));
  };

  /** The plan of a read, as one line of text. */
  const planOf = async (read: RawBuilder<unknown>): Promise<string> => {
    if (kind === 'sqlite') {
      const { rows } = await sql<{ detail: string }>`explain query plan ${read}`.execute(store.db);
      return rows.map((r) => r.detail).join(' ');
    }
    // An empty table is scanned whatever its indexes: ask whether an index CAN serve the read.
    return store.db.connection().execute(async (connection) => {
      await sql`set enable_seqscan = off`.execute(connection);
      try {
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${read}`.execute(connection);
        return rows.map((r) => r['QUERY PLAN']).join(' ');
      } finally {
        await sql`reset enable_seqscan`.execute(connection);
      }
    });
  };

  it('stored answers: the expiry cleanup uses the (expires_at, created_at, endpoint) index, not one of its own (migration 0005)', async () => {
    const indexes = await indexesOf('idempotency_responses');
    expect(indexes.has('idempotency_responses_expiry')).toBe(false);
    expect(indexes.get('idempotency_responses_window')).toMatch(/expires_at.*created_at.*endpoint/);
  });

  it("the ledger: a line of a sale adds to its store's (time) index only; the (store, SKU) and document indexes no read used are gone (migration 0013)", async () => {
    const indexes = await indexesOf('stock_movements');
    expect(indexes.has('stock_movements_store_sku')).toBe(false);
    expect(indexes.has('stock_movements_document')).toBe(false);
    expect(indexes.get('stock_movements_store_time')).toMatch(/store_id.*created_at/);
    // The read of countVariances, as it is written (count-variance.ts).
    const since = sql`select sku, qty_milli, created_at from stock_movements where store_id = ${'s'} and created_at > ${'2026-11-23'}`;
    expect(await planOf(since)).toMatch(/stock_movements_store_time/);
  });

  it("sales: a beneficiary's week is found by the ID's key through a partial index that a sale without a beneficiary does not touch (migration 0012)", async () => {
    const indexes = await indexesOf('sales');
    expect(indexes.has('sales_beneficiary')).toBe(false);
    expect(indexes.get('sales_beneficiary_key')?.toLowerCase()).toMatch(/where.*beneficiary_id_number is not null/);
    // The read of recordedBnpcWeek, as it is written (sale-benefits.ts).
    const week = sql`select id from sales where business_id = ${'b'} and beneficiary_id_number is not null and ${sql.raw(beneficiaryKeySql('beneficiary_id_number', kind))} = ${beneficiaryKey('osca-1')} and occurred_at >= ${'2026-11-23'} and occurred_at < ${'2026-11-30'}`;
    expect(await planOf(week)).toMatch(/sales_beneficiary_key/);
  });
});
