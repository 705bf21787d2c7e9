import type { Migration } from '../store/migrations';

/**
 * How each product is sold, as the back office's catalog says (protocol/sold-by.ts):
 * 'piece' (whole quantities), 'weight' (per kg, decimals), or NULL where it does not say.
 */
export const soldByMigration = (version: number): Migration => ({
  version,
  name: 'products sold by the piece or by weight',
  sql: `ALTER TABLE products ADD COLUMN sold_by TEXT CHECK (sold_by IN ('piece', 'weight'));`,
});
