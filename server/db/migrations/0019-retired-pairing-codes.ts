import type { Kysely } from 'kysely';

/**
 * The hash of every pairing code that paired, with the terminal it paired and when
 * (`retired_pairing_codes`): a code typed again answers 409 pairing_code_used naming them,
 * where it read as unknown before (pairing clears the terminal's `pairing_code_hash`).
 * Codes used before this migration are not known: they still read as unknown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the table and the record of this migration apart: after a crash between the two, the next start finds it there already.
  await db.schema
    .createTable('retired_pairing_codes')
    .ifNotExists()
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('used_at', 'text', (c) => c.notNull())
    .execute();
}
