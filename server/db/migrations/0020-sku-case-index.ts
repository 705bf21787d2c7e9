import { sql, type Kysely } from 'kysely';

/**
 * A product whose SKU differs from another of its business only in case (`rice-5kg` beside
 * `RICE-5KG`) is refused (409 sku_case_conflict, server/catalog/catalog.ts): the check finds
 * the business's SKUs spelled alike through this index. Not unique: a database may hold such
 * pairs from before the check; they are kept, each still put by its own spelling.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the index and the record of this migration apart: after a crash between the two, the next start finds it there already.
  await sql`create index if not exists products_business_lower_sku on products (business_id, lower(sku))`.execute(db);
}
