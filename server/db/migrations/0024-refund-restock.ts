import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * A refund line keeps whether the item went back on the shelf (`restocked`: 1, or 0 when
 * the till said `restock: false`: it came back damaged, expired or opened). A line not
 * restocked is paid back as any other but moves no stock, so the ledger alone no longer
 * tells what came back to the shelf: the line does. An integer 0/1 as the schema's other
 * flags (`inclusive`, `sc_pwd_eligible`); every line recorded before went back to stock: 1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the column and the record of this migration apart: after a crash between
  // the two, the next start finds the column there already.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const { rows } = await sql`select 1 from pragma_table_info('refund_lines') where name = 'restocked'`.execute(db);
    if (rows.length > 0) return;
  }
  await db.schema
    .alterTable('refund_lines')
    .addColumn('restocked', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
