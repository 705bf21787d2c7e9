import type { Migration } from '../store/migrations';

/**
 * How a refund's money went back, tender by tender: "the way it was paid" on a sale paid
 * ₱60 by card and ₱40 in cash gives ₱60 back to the card and ₱40 from the drawer (a card
 * never gets back more than it was charged). Earlier refunds went back by one tender each:
 * their one row is their whole amount.
 */
export const refundTendersMigration = (version: number): Migration => ({
  version,
  name: 'refund tenders',
  sql: `
    CREATE TABLE refund_tenders (
      refund_seq INTEGER NOT NULL REFERENCES refunds (seq),
      method TEXT NOT NULL,
      amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
      PRIMARY KEY (refund_seq, method)
    );
    INSERT INTO refund_tenders (refund_seq, method, amount_minor)
      SELECT seq, COALESCE(tender, 'cash'), total_minor FROM refunds WHERE total_minor > 0;
  `,
});
