import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Each line of a sale keeps the tax it was charged (`tax_as_charged`: the rate as JSON, its
 * code, name, rate and whether it is in the price; `null` as JSON where it was charged none),
 * as its invoice printed it. A refund splits its VAT by it: by the business's tax table as it
 * is now, a sale made VAT-registered and refunded after the business became non-VAT gave
 * its VAT back as 0 (and the other way round a non-VAT invoice's return slip carried VAT).
 * Lines recorded before keep NULL, and their refunds use the table as it is, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the column and the record of this migration apart: after a crash between
  // the two, the next start finds the column there already.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const { rows } = await sql`select 1 from pragma_table_info('sale_lines') where name = 'tax_as_charged'`.execute(db);
    if (rows.length > 0) return;
  }
  await sql`alter table sale_lines add column tax_as_charged text`.execute(db);
}
