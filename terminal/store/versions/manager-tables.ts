import type { Migration } from '../migrations';

/**
 * Shifts, refunds and what a manager does to the queue. Sales learn their shift from a
 * trigger, inside the very INSERT that writes them, so the pay path needs no extra read
 * and a sale can never miss the shift that was open when it was rung up.
 */
export function managerTables(version: number): Migration {
  return {
    version,
    name: 'shifts, refunds, queue dependencies and voids',
    sql: `
      -- A queued write that may only go once another entry (its sale) is synced.
      ALTER TABLE outbox ADD COLUMN depends_on TEXT;
      ALTER TABLE outbox ADD COLUMN voided_at TEXT;
      ALTER TABLE outbox ADD COLUMN voided_by TEXT;
      ALTER TABLE outbox ADD COLUMN void_reason TEXT;
      CREATE INDEX outbox_depends_on ON outbox (depends_on);

      CREATE TABLE shifts (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        terminal_code TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        float_minor INTEGER NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        counted_cash_minor INTEGER,
        unsynced_at_close INTEGER,
        override_by TEXT,
        override_reason TEXT,
        z_report TEXT
      );
      -- One open shift per till.
      CREATE UNIQUE INDEX shifts_one_open ON shifts (terminal_code) WHERE closed_at IS NULL;

      ALTER TABLE sales ADD COLUMN shift_id TEXT;
      CREATE INDEX sales_shift ON sales (shift_id);
      -- A refund starts from a receipt lookup, by receipt or invoice number.
      CREATE INDEX sales_invoice_number ON sales (invoice_number);
      CREATE TRIGGER sales_join_open_shift AFTER INSERT ON sales WHEN NEW.shift_id IS NULL BEGIN
        UPDATE sales SET shift_id = (SELECT id FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1) WHERE seq = NEW.seq;
      END;

      CREATE TABLE refunds (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        refund_key TEXT NOT NULL UNIQUE,
        local_number TEXT NOT NULL UNIQUE,
        sale_id TEXT NOT NULL REFERENCES sales (id),
        terminal_code TEXT NOT NULL,
        shift_id TEXT,
        occurred_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        total_minor INTEGER NOT NULL,
        return_number TEXT,
        server_refund_id TEXT
      );
      CREATE INDEX refunds_sale ON refunds (sale_id);
      CREATE INDEX refunds_shift ON refunds (shift_id);
      CREATE TABLE refund_lines (
        refund_seq INTEGER NOT NULL REFERENCES refunds (seq),
        line_no INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty_milli INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL,
        tax_code TEXT,
        PRIMARY KEY (refund_seq, line_no)
      );
    `,
  };
}
