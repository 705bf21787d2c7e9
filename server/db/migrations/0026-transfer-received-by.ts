import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Who received a transfer at the store it went to (`received_by`): the name the stock page's
 * "Received by" gives, or the till it was received at. Who sent it is its `approved_by`, as a
 * purchase receipt's receiver is: sending is what a transfer's approval is. NULL on transfers
 * received before this migration, and on those the back office received without a name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the column and the record of this migration apart: after a crash between
  // the two, the next start finds the column there already.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const { rows } = await sql`select 1 from pragma_table_info('stock_documents') where name = 'received_by'`.execute(db);
    if (rows.length > 0) return;
  }
  await db.schema.alterTable('stock_documents').addColumn('received_by', 'text').execute();
}
