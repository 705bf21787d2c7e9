import type { Kysely } from 'kysely';

/**
 * The tills' electronic journals, as they upload them: one row per (terminal, seq), the
 * till's own sequence, so an entry delivered twice is stored once. Rows are never
 * updated: the journal is the record of what was printed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('journal_entries')
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('reprint', 'integer', (c) => c.notNull())
    .addColumn('printed_at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('journal_entries_pk', ['terminal_id', 'seq'])
    .execute();
  await db.schema.createIndex('journal_entries_day').on('journal_entries').columns(['terminal_id', 'day', 'seq']).execute();
}
