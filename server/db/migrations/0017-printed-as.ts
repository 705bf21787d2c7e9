import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * A sale or refund its till had to number again keeps the number its receipt or return slip
 * printed (`printed_as`): that number was already the back office's for another document of
 * the till (a till restored from a copy of its folder: 409 local_number_reused). Null for
 * every other document, and for all those recorded before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sales', 'refunds'] as const) {
    // SQLite commits each column and the record of this migration apart: after a crash between
    // them, the next start finds a column there already.
    if (db.getExecutor().adapter instanceof SqliteAdapter) {
      const { rows } = await sql`select 1 from pragma_table_info(${table}) where name = 'printed_as'`.execute(db);
      if (rows.length > 0) continue;
    }
    await sql`alter table ${sql.table(table)} add column printed_as text`.execute(db);
  }
}
