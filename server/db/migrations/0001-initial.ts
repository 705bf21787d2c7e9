import type { Kysely } from 'kysely';

/** The first schema. Only portable types: text, integer, bigint. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('businesses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('stores_business_code_unique', ['business_id', 'code'])
    .execute();

  await db.schema
    .createTable('terminals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('pairing_code_hash', 'text', (c) => c.unique())
    .addColumn('pairing_expires_at', 'text')
    .addColumn('paired_at', 'text')
    .addColumn('last_contact_at', 'text')
    .addColumn('queue_depth', 'integer')
    .addColumn('oldest_pending_at', 'text')
    .addColumn('needs_attention', 'integer')
    .addColumn('pending_value_minor', 'bigint')
    .addColumn('app_version', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('terminals_business_code_unique', ['business_id', 'code'])
    .execute();

  await db.schema
    .createTable('taxes')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rate_basis_points', 'integer', (c) => c.notNull())
    .addColumn('inclusive', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('taxes_pk', ['business_id', 'code'])
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_minor', 'bigint', (c) => c.notNull())
    .addColumn('tax_code', 'text')
    .addColumn('barcode', 'text')
    .addColumn('change_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('products_pk', ['business_id', 'sku'])
    .execute();
  await db.schema.createIndex('products_change_seq').on('products').columns(['business_id', 'change_seq']).execute();

  await db.schema
    .createTable('number_counters')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('last_value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_counters_pk', ['business_id', 'series', 'period'])
    .execute();

  await db.schema
    .createTable('series_settings')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('reset', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('series_settings_pk', ['business_id', 'series'])
    .execute();

  await db.schema
    .createTable('sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('local_number', 'text', (c) => c.notNull())
    .addColumn('invoice_number', 'text', (c) => c.notNull())
    .addColumn('series_period', 'text', (c) => c.notNull())
    .addColumn('series_value', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('cashier', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('paid_minor', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    // Dedup of business facts is permanent: these constraints outlive any response cache.
    .addUniqueConstraint('sales_terminal_key_unique', ['terminal_id', 'idempotency_key'])
    .addUniqueConstraint('sales_terminal_local_number_unique', ['terminal_id', 'local_number'])
    .addUniqueConstraint('sales_business_invoice_unique', ['business_id', 'invoice_number'])
    .execute();
  await db.schema.createIndex('sales_received').on('sales').columns(['business_id', 'received_at']).execute();

  await db.schema
    .createTable('sale_lines')
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('discount_minor', 'bigint', (c) => c.notNull())
    .addColumn('tax_code', 'text')
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sale_lines_pk', ['sale_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('sale_payments')
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addPrimaryKeyConstraint('sale_payments_pk', ['sale_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('stock_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stock_movements_store_sku').on('stock_movements').columns(['store_id', 'sku']).execute();

  await db.schema
    .createTable('idempotency_responses')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_responses_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_responses_expiry').on('idempotency_responses').column('expires_at').execute();

  await db.schema
    .createTable('replay_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('replayed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('replay_log_time').on('replay_log').column('replayed_at').execute();
}
