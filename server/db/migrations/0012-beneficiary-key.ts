import { sql, type Kysely } from 'kysely';
import { beneficiaryKeySql } from '../../../protocol/senior-discount';

/**
 * The weekly caps of the 5% are counted per person, whatever way their ID was typed
 * ("OSCA-MRK-0012345", "osca mrk 0012345"): their sales of a week are found by the ID's key
 * (protocol/senior-discount.ts), through an index on that same expression.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create index sales_beneficiary_key on sales (business_id, ${beneficiaryKeySql('beneficiary_id_number')}, occurred_at) where beneficiary_id_number is not null`,
    )
    .execute(db);
}
