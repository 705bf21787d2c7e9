import type { Migration } from '../store/migrations';

/**
 * Cash paid into the drawer (change brought from the safe) or out of it (a pickup to the
 * safe, a delivery paid from the till) during a shift, each approved by a manager. Append-only:
 * a movement is corrected by another one, never changed or removed.
 */
export const cashMovementsMigration = (version: number): Migration => ({
  version,
  name: 'cash paid in and out of the drawer',
  sql: `
    CREATE TABLE cash_movements (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      -- The screen's key for one movement: sent again (a lost answer, a double click), it is recorded once.
      move_key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('pay_in', 'pay_out')),
      amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
      reason TEXT NOT NULL,
      approved_by TEXT NOT NULL,
      shift_id TEXT NOT NULL REFERENCES shifts (id),
      occurred_at TEXT NOT NULL
    );
    CREATE INDEX cash_movements_shift ON cash_movements (shift_id);
    CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements BEGIN
      SELECT RAISE(ABORT, 'cash_movements is append-only');
    END;
    CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements BEGIN
      SELECT RAISE(ABORT, 'cash_movements is append-only');
    END;
  `,
});
