import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * A store's own address and the branch code of the business's TIN (the last group:
 * 234-567-890-00001 for a branch; the head office's is 00000), as a branch's invoices,
 * return slips and readings print them (RR 16-2018). NULL: the store prints the business's
 * address and TIN as before (found by a walk: a branch printed the head office's).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the columns and the record of this migration apart: after a crash between
  // the two, the next start finds them there already.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const { rows } = await sql`select 1 from pragma_table_info('stores') where name = 'tin_branch_code'`.execute(db);
    if (rows.length > 0) return;
  }
  await db.schema.alterTable('stores').addColumn('address', 'text').execute();
  await db.schema.alterTable('stores').addColumn('tin_branch_code', 'text').execute();
}
