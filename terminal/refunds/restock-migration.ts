import type { Migration } from '../store/migrations';

/**
 * Whether each refunded line went back on the shelf (`restocked`: 1, as every line before
 * this version) or came back damaged, expired or opened (0): the refund pays it back all the
 * same, but moves no stock for it. The back office keeps the same (its migration 0024).
 */
export const restockMigration = (version: number): Migration => ({
  version,
  name: 'refund lines: back to stock or not',
  sql: `ALTER TABLE refund_lines ADD COLUMN restocked INTEGER NOT NULL DEFAULT 1;`,
});
