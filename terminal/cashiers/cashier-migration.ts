import type { Migration } from '../store/migrations';

/** The roster of people who may sign in at this terminal, and every manager approval given. */
export const cashiersMigration = (version: number): Migration => ({
  version,
  name: 'cashiers and approvals',
  sql: `
    CREATE TABLE cashiers (
      code TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
      pin_salt TEXT NOT NULL,
      pin_hash TEXT NOT NULL,
      -- Set only for the demo people npm start creates: shown on the sign-in screen.
      demo_pin TEXT,
      created_at TEXT NOT NULL,
      pin_changed_at TEXT NOT NULL
    );
    CREATE TABLE approvals (
      id TEXT PRIMARY KEY,
      action TEXT NOT NULL,
      cart_key TEXT NOT NULL,
      amount_minor INTEGER NOT NULL,
      manager_code TEXT NOT NULL,
      cashier_code TEXT,
      note TEXT,
      approved_at TEXT NOT NULL
    );
    CREATE INDEX approvals_cart ON approvals (cart_key, action);
  `,
});
