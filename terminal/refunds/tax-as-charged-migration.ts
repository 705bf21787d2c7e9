import type { Migration } from '../store/migrations';

/**
 * Each line of a sale keeps the tax it was charged (`tax_as_charged`: its TaxRate as JSON,
 * or `null` as JSON: none), so that a refund gives back the VAT of the invoice, not the VAT
 * of the tax table the till pulled since (a business that registered for VAT, or stopped
 * being registered). Lines of sales made before keep NULL: their refunds use the table, as
 * before. The back office keeps the same (its migration 0016).
 */
export const taxAsChargedMigration = (version: number): Migration => ({
  version,
  name: 'sale lines: the tax each was charged',
  sql: `ALTER TABLE sale_lines ADD COLUMN tax_as_charged TEXT;`,
});
