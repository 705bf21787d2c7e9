import { sql, type Kysely } from 'kysely';

/**
 * On hand per store and SKU as a row of its own, so a sale's negative-stock check and the
 * stock report read one row per SKU instead of summing the whole ledger. The ledger
 * (stock_movements) stays the truth: every later write adds to both in one transaction
 * (server/inventory/stock-ledger.ts recordMovements), and this migration seeds the levels
 * from the ledger as it stands.
 *
 * Atomic and re-runnable: PostgreSQL runs migrations in a transaction already; SQLite does
 * not, so the table and its backfill get one here, and a crash before the migration is
 * recorded just runs it again (create if missing, recompute from the ledger).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.isTransaction) await createAndBackfill(db);
  else await db.transaction().execute((trx) => createAndBackfill(trx));
}

async function createAndBackfill(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stock_levels')
    .ifNotExists()
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('on_hand_milli', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_levels_pk', ['store_id', 'sku'])
    .execute();
  await db.schema.createIndex('stock_levels_business').ifNotExists().on('stock_levels').columns(['business_id', 'store_id', 'sku']).execute();
  await sql`delete from stock_levels`.execute(db);
  await backfillStockLevels(db);
}

/**
 * Seeds an empty stock_levels with the ledger's sum per store and SKU. The business is the
 * store's, so a (store, SKU) can never yield two rows. It runs before the server serves
 * anything, so no write slips in between; but every instance must run this version
 * before writing again (an older instance would move stock without moving its level).
 */
export async function backfillStockLevels(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into stock_levels (business_id, store_id, sku, on_hand_milli)
    select s.business_id, m.store_id, m.sku, cast(sum(m.qty_milli) as bigint)
    from stock_movements m
    inner join stores s on s.id = m.store_id
    group by s.business_id, m.store_id, m.sku`.execute(db);
}
