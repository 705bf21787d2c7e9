import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The POS supplier on the business profile, printed at the foot of every sales invoice
 * (RR 16-2018; docs/compliance.md): its name, address and TIN, and its BIR accreditation
 * number with the date issued and the date it is valid until. NULL until an admin sets them
 * (a profile saved before this migration has none).
 */
const COLUMNS = [
  'pos_supplier_name',
  'pos_supplier_address',
  'pos_supplier_tin',
  'pos_accreditation_number',
  'pos_accreditation_date',
  'pos_accreditation_valid_until',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (const column of COLUMNS) {
    // SQLite commits each column and the record of this migration apart: after a crash between
    // them, the next start finds some columns there already.
    if (sqlite) {
      const { rows } = await sql`select 1 from pragma_table_info('business_profiles') where name = ${column}`.execute(db);
      if (rows.length > 0) continue;
    }
    await db.schema.alterTable('business_profiles').addColumn(column, 'text').execute();
  }
}
