import type { Migration } from '../store/migrations';

/**
 * What the customer owed, VAT included: above the wire total when lines are VAT-exclusive.
 * NULL on sales written before this version (their change was counted on the wire total).
 */
export const amountDueMigration = (version: number): Migration => ({
  version,
  name: 'sale amount due and VAT',
  sql: `
    ALTER TABLE sales ADD COLUMN amount_due_minor INTEGER;
    ALTER TABLE sales ADD COLUMN vat_minor INTEGER;
  `,
});
