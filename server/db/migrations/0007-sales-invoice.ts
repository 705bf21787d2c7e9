import type { Kysely } from 'kysely';

/**
 * Issue #13, the sales invoice (docs/compliance.md):
 * - the business's registration (business_profiles) and each till's machine
 *   identification (terminals: MIN, serial number, permit to use) that every invoice prints;
 * - products carry whether the senior citizen / PWD 20% and the 5% on basic necessities apply;
 * - a sale keeps its own VAT figures (so readings are sums of documents), the senior
 *   citizen or PWD it was given to, and the buyer's lines; a line keeps its benefit.
 * Nothing here is a column an older insert must fill: sales stored before keep nulls.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_profiles')
    .addColumn('business_id', 'text', (c) => c.primaryKey())
    .addColumn('registered_name', 'text', (c) => c.notNull())
    .addColumn('trade_name', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('tin', 'text', (c) => c.notNull())
    .addColumn('vat_registered', 'integer', (c) => c.notNull())
    .addColumn('footer', 'text')
    .addColumn('bnpc_weekly_purchase_cap_minor', 'bigint', (c) => c.notNull())
    .addColumn('bnpc_weekly_discount_cap_minor', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  for (const column of ['machine_min', 'machine_serial_number', 'machine_permit_number', 'machine_permit_date'])
    await db.schema.alterTable('terminals').addColumn(column, 'text').execute();
  await db.schema
    .alterTable('products')
    .addColumn('sc_pwd_eligible', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('products')
    .addColumn('bnpc_eligible', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const column of ['vatable_minor', 'vat_minor', 'exempt_minor', 'zero_rated_minor'])
    await db.schema.alterTable('sales').addColumn(column, 'bigint').execute();
  // A refund is a document too: its own VAT figures, as the invoice it reverses split them.
  for (const column of ['vatable_minor', 'vat_minor', 'exempt_minor', 'zero_rated_minor'])
    await db.schema.alterTable('refunds').addColumn(column, 'bigint').execute();
  for (const column of ['beneficiary_kind', 'beneficiary_id_number', 'beneficiary_name', 'buyer_name', 'buyer_address', 'buyer_tin'])
    await db.schema.alterTable('sales').addColumn(column, 'text').execute();
  // The weekly caps of the 5% are read per person: their sales of a week.
  await db.schema.createIndex('sales_beneficiary').on('sales').columns(['business_id', 'beneficiary_id_number', 'occurred_at']).execute();
  await db.schema.alterTable('sale_lines').addColumn('benefit_kind', 'text').execute();
  await db.schema
    .alterTable('sale_lines')
    .addColumn('benefit_vat_removed_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sale_lines')
    .addColumn('benefit_discount_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
