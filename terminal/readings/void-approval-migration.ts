import type { Migration } from '../store/migrations';

/**
 * A manager's approval of a void is spent by the void it approved: a second void of the same
 * cart cannot borrow it (a unique approval_id). The append-only trigger now also keeps the
 * approval a void was recorded with.
 */
export const voidApprovalMigration = (version: number): Migration => ({
  version,
  name: 'one void per approval',
  sql: `
    ALTER TABLE till_voids ADD COLUMN approval_id TEXT;
    CREATE UNIQUE INDEX till_voids_approval ON till_voids (approval_id) WHERE approval_id IS NOT NULL;
    DROP TRIGGER till_voids_no_update;
    CREATE TRIGGER till_voids_no_update BEFORE UPDATE ON till_voids
      WHEN NOT (OLD.shift_id IS NULL AND NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.cart_key = OLD.cart_key
        AND NEW.amount_minor = OLD.amount_minor AND NEW.occurred_at = OLD.occurred_at
        AND NEW.sku IS OLD.sku AND NEW.name IS OLD.name AND NEW.qty_milli IS OLD.qty_milli
        AND NEW.cashier IS OLD.cashier AND NEW.approved_by IS OLD.approved_by AND NEW.approval_id IS OLD.approval_id) BEGIN
      SELECT RAISE(ABORT, 'till_voids is append-only');
    END;
  `,
});
