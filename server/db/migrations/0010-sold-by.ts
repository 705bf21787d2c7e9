import type { Kysely } from 'kysely';

/**
 * How a product is sold (protocol/sold-by.ts): 'piece', in whole quantities; 'weight', by
 * the kilogram, in decimals; NULL where its catalog entry does not say (every product
 * before this migration): any quantity, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('products').addColumn('sold_by', 'text').execute();
}
