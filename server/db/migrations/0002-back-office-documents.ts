import type { Kysely } from 'kysely';

/**
 * Refunds, stock documents (purchase receipts, transfers, corrections, supplier returns)
 * and the permanent dedup of admin document writes. Only portable types, as in 0001.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('local_number', 'text', (c) => c.notNull())
    .addColumn('return_number', 'text', (c) => c.notNull())
    .addColumn('series_period', 'text', (c) => c.notNull())
    .addColumn('series_value', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    // Like sales: dedup of a refund outlives the response cache.
    .addUniqueConstraint('refunds_terminal_key_unique', ['terminal_id', 'idempotency_key'])
    .addUniqueConstraint('refunds_terminal_local_number_unique', ['terminal_id', 'local_number'])
    .addUniqueConstraint('refunds_business_number_unique', ['business_id', 'return_number'])
    .execute();
  await db.schema.createIndex('refunds_sale').on('refunds').column('sale_id').execute();

  await db.schema
    .createTable('refund_lines')
    .addColumn('refund_id', 'text', (c) => c.notNull().references('refunds.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('refund_lines_pk', ['refund_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('stock_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('to_store_id', 'text', (c) => c.references('stores.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('series_period', 'text')
    .addColumn('series_value', 'bigint')
    .addColumn('supplier', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Drafts have no number yet; NULLs never collide in a unique constraint (both databases).
    .addUniqueConstraint('stock_documents_number_unique', ['business_id', 'kind', 'number'])
    .execute();

  await db.schema
    .createTable('stock_document_lines')
    .addColumn('document_id', 'text', (c) => c.notNull().references('stock_documents.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    .addColumn('unit_cost_minor', 'bigint')
    .addColumn('qty_received_milli', 'bigint')
    .addPrimaryKeyConstraint('stock_document_lines_pk', ['document_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('document_writes')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_writes_pk', ['scope', 'key'])
    .execute();

  await db.schema.createIndex('stock_movements_document').on('stock_movements').column('document_id').execute();
}
