import { SqliteAdapter, sql, type Kysely } from 'kysely';
import { beneficiaryKeySql } from '../../../protocol/senior-discount';

/**
 * The weekly caps of the 5% are counted per person, whatever way their ID was typed
 * ("OSCA-MRK-0012345", "osca mrk 0012345"): their sales of a week are found by the ID's key
 * (protocol/senior-discount.ts), through an index on that same expression. The index on the
 * ID as typed (0009) is read by nothing any more, and goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
  await sql
    .raw(
      `create index sales_beneficiary_key on sales (business_id, ${beneficiaryKeySql('beneficiary_id_number', kind)}, occurred_at) where beneficiary_id_number is not null`,
    )
    .execute(db);
  await sql`drop index if exists sales_beneficiary`.execute(db);
}
