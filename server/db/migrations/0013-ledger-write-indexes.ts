import { sql, type Kysely } from 'kysely';

/**
 * Two index entries fewer for every line of every sale (each a B-tree page written at a
 * group's commit, five of them a five-line sale): the ledger's indexes by (store, SKU)
 * (0001) and by document (0002) are read by nothing. On hand per SKU is `stock_levels`,
 * kept in the same transaction as the ledger (0003); a document's stock is read from its
 * own lines (`stock_document_lines`, `sale_lines`). What reads the ledger is a count's
 * variance, the movements of a store since the count started: `stock_movements_store_time`
 * (0006), kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists stock_movements_store_sku`.execute(db);
  await sql`drop index if exists stock_movements_document`.execute(db);
}
