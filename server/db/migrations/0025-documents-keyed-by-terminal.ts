import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: no foreign key check of the write path locks a row that every write shares.
 * A foreign key check takes `FOR KEY SHARE` on the row it finds; every sale checked its
 * business and its store, and each of its ledger rows both again, so the two groups in flight
 * (docs/write-pipeline.md) locked the same two rows at once, which PostgreSQL records as a
 * MultiXact, looked up again by every later check: measured, the checks were about 40% of a
 * group's insert statement (docs/benchmark-history.md, eighteenth session).
 *  - A sale or a refund references its terminal with the terminal's store and business:
 *    ONE check, on the terminal's own row (one till sends one write at a time), and stronger
 *    than the three it replaces: the document's store and business must be its terminal's.
 *    Checked for the documents written from now on (NOT VALID: those before were checked
 *    for each key apart when they were written; a terminal never changes store).
 *  - Ledger rows (`stock_movements`) reference nothing: each is written with its document in
 *    the same transaction, from the terminal's row or a store the request named and the
 *    server found (`ledgerInserts`, server/inventory/stock-ledger.ts, the one place they are
 *    built), and its level moves with it (`stock_levels`, which keeps its keys).
 * Lines and payments keep their key to their own sale (a row of the same transaction: no
 * other writer locks it). SQLite is left as it is: its checks are index probes that lock
 * nothing, and dropping a key there means rebuilding the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`alter table terminals add constraint terminals_id_store_business unique (id, store_id, business_id)`.execute(db);
  for (const table of ['sales', 'refunds']) {
    await sql
      .raw(
        `alter table ${table}
           drop constraint ${table}_business_id_fkey,
           drop constraint ${table}_store_id_fkey,
           drop constraint ${table}_terminal_id_fkey,
           add constraint ${table}_terminal_fkey foreign key (terminal_id, store_id, business_id)
             references terminals (id, store_id, business_id) not valid`,
      )
      .execute(db);
  }
  await sql`alter table stock_movements drop constraint stock_movements_business_id_fkey, drop constraint stock_movements_store_id_fkey`.execute(db);
}
