import { sql, type Kysely } from 'kysely';

/**
 * Each line of a sale keeps the tax it was charged (`tax_as_charged`: the rate as JSON, its
 * code, name, rate and whether it is in the price; `null` as JSON where it was charged none),
 * as its invoice printed it. A refund splits its VAT by it: by the business's tax table as it
 * is now, a sale made VAT-registered and refunded after the business became non-VAT gave
 * its VAT back as 0 (and the other way round a non-VAT invoice's return slip carried VAT).
 * Lines recorded before keep NULL, and their refunds use the table as it is, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sale_lines add column tax_as_charged text`.execute(db);
}
