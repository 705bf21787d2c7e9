import type { Kysely } from 'kysely';

/**
 * Physical counts (issue #12) and who drafted, approved or discarded a correction.
 *  - stock_counts: one count session of one store, open until approved or discarded.
 *    `open_store_id` is the store's id while the count is open and NULL after: unique, so a
 *    store has at most one open count on either database (NULLs never collide).
 *  - stock_count_lines: what was counted, each line with the moment it was counted. A till's
 *    lines keep their terminal and key forever (permanent dedup, like sales); a file's lines
 *    name their import.
 *  - stock_count_imports: one row per imported file, unique on the file's SHA-256 within its
 *    count, so the same file imported twice is refused the second time.
 *  - stock_movements (store, created_at): the movements since a count started, read by the
 *    variance, without walking the store's whole ledger; products (business, barcode): a
 *    count's codes are SKUs or barcodes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stock_counts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('open_store_id', 'text', (c) => c.references('stores.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('correction_id', 'text', (c) => c.references('stock_documents.id'))
    .addUniqueConstraint('stock_counts_one_open_per_store', ['open_store_id'])
    .execute();
  await db.schema.createIndex('stock_counts_store').on('stock_counts').columns(['store_id', 'started_at']).execute();

  await db.schema
    .createTable('stock_count_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('count_id', 'text', (c) => c.notNull().references('stock_counts.id'))
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('stock_count_imports_file_unique', ['count_id', 'file_sha256'])
    .execute();

  await db.schema
    .createTable('stock_count_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('count_id', 'text', (c) => c.notNull().references('stock_counts.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    /** add: a till's scan, added to what was counted before; set: a file's row, replacing it. */
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('counted_at', 'text', (c) => c.notNull())
    .addColumn('counted_by', 'text', (c) => c.notNull())
    .addColumn('terminal_id', 'text', (c) => c.references('terminals.id'))
    .addColumn('idempotency_key', 'text')
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.references('stock_count_imports.id'))
    .addUniqueConstraint('stock_count_lines_terminal_key_line', ['terminal_id', 'idempotency_key', 'line_no'])
    .execute();
  await db.schema.createIndex('stock_count_lines_count').on('stock_count_lines').columns(['count_id', 'sku']).execute();

  await db.schema.alterTable('stock_documents').addColumn('drafted_by', 'text').execute();
  await db.schema.alterTable('stock_documents').addColumn('approved_by', 'text').execute();
  await db.schema.alterTable('stock_documents').addColumn('discarded_by', 'text').execute();

  await db.schema.createIndex('products_barcode').on('products').columns(['business_id', 'barcode']).execute();
  await db.schema.createIndex('stock_movements_store_time').on('stock_movements').columns(['store_id', 'created_at']).execute();
}
