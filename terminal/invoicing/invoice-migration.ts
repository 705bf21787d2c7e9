import type { Migration } from '../store/migrations';

/**
 * The sales invoice (docs/compliance.md): products carry their senior citizen / PWD and
 * BNPC eligibility; a sale keeps its own VAT figures (so a reading is the sum of its
 * documents), the senior citizen or PWD and the buyer's lines; a line keeps its benefit
 * by kind; a refund keeps its own VAT figures too. NULL / 0 on sales written before this version.
 */
export const invoiceMigration = (version: number): Migration => ({
  version,
  name: 'sales invoice: VAT figures, senior citizen and PWD discounts, buyer',
  sql: `
    ALTER TABLE products ADD COLUMN sc_pwd_eligible INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE products ADD COLUMN bnpc_eligible INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sales ADD COLUMN vatable_minor INTEGER;
    ALTER TABLE sales ADD COLUMN exempt_minor INTEGER;
    ALTER TABLE sales ADD COLUMN zero_rated_minor INTEGER;
    ALTER TABLE sales ADD COLUMN beneficiary_kind TEXT;
    ALTER TABLE sales ADD COLUMN beneficiary_id_number TEXT;
    ALTER TABLE sales ADD COLUMN beneficiary_name TEXT;
    ALTER TABLE sales ADD COLUMN buyer_name TEXT;
    ALTER TABLE sales ADD COLUMN buyer_address TEXT;
    ALTER TABLE sales ADD COLUMN buyer_tin TEXT;
    CREATE INDEX sales_beneficiary ON sales (beneficiary_id_number, occurred_at) WHERE beneficiary_id_number IS NOT NULL;
    ALTER TABLE refunds ADD COLUMN vatable_minor INTEGER;
    ALTER TABLE refunds ADD COLUMN vat_minor INTEGER;
    ALTER TABLE refunds ADD COLUMN exempt_minor INTEGER;
    ALTER TABLE refunds ADD COLUMN zero_rated_minor INTEGER;
    ALTER TABLE sale_lines ADD COLUMN benefit_kind TEXT;
    ALTER TABLE sale_lines ADD COLUMN benefit_rule TEXT;
    ALTER TABLE sale_lines ADD COLUMN benefit_vat_removed_minor INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sale_lines ADD COLUMN benefit_discount_minor INTEGER NOT NULL DEFAULT 0;
  `,
});
