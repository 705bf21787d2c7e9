import { sql, type Kysely } from 'kysely';

/**
 * One index entry fewer for almost every sale the back office records (each is a B-tree
 * page written at every group's commit): `sales_beneficiary` (business, ID number,
 * occurred_at) finds a senior citizen's or a PWD's sales of the week, and most sales have no
 * beneficiary. It becomes a partial index over the sales that have one
 * (`beneficiary_id_number = ?` implies it is not null: both databases still use it for
 * that read).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sales_beneficiary').execute();
  await sql`create index sales_beneficiary on sales (business_id, beneficiary_id_number, occurred_at) where beneficiary_id_number is not null`.execute(
    db,
  );
}
