import type { Kysely } from 'kysely';

/**
 * The sales and refunds a till numbered and a manager voided in its sync queue before they
 * were ever sent (`POST /v1/terminals/voided-documents`): their numbers are accounted for,
 * not lost. One row per (terminal, local number), so a report delivered twice is stored
 * once; rows are never updated. `prefix` and `number` are the local number split as the
 * receipt continuity splits a sale's (`RECEIPT_PREFIX_SQL`: T01- and 4 for T01-000004;
 * `number` null when there are no trailing digits or they pass 2^53 - 1), indexed per
 * business and prefix for the monitoring report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the table and the record of this migration apart: after a crash between the two, the next start finds it there already.
  await db.schema
    .createTable('voided_documents')
    .ifNotExists()
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('local_number', 'text', (c) => c.notNull())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('number', 'bigint')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('value_minor', 'bigint', (c) => c.notNull())
    .addColumn('voided_at', 'text', (c) => c.notNull())
    .addColumn('voided_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('voided_documents_pk', ['terminal_id', 'local_number'])
    .execute();
  await db.schema.createIndex('voided_documents_series').ifNotExists().on('voided_documents').columns(['business_id', 'prefix', 'number']).execute();
}
