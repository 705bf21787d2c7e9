import type { Migration } from '../store/migrations';

/**
 * What an X or Z reading adds up, kept on the documents themselves and on the till:
 * - each sale's and refund's own figures (gross, discount, VATable, VAT, exempt,
 *   zero-rated, VAT per rate), written in the transaction that writes the document, so a
 *   reading is a sum of what was printed, never a figure recomputed on a net total;
 * - each sale's discounts by kind (a line discount, a cart discount, and whatever kinds
 *   come next: senior citizen, PWD, BNPC), as rows keyed by kind;
 * - the line and cart voids before payment, as append-only events;
 * - the accumulated grand total and the Z counter, counters that only go up.
 * Figures of documents written before this version are filled in once by
 * terminal/readings/document-figures.ts (they need the catalog's tax rates).
 */
export const readingsMigration = (version: number): Migration => ({
  version,
  name: 'reading figures, discounts by kind, voids, grand total and Z counter',
  // The sale's and refund's VATable / VAT / exempt / zero-rated columns came with the sales invoice (invoice-migration.ts, the version before).
  sql: `
    ALTER TABLE sales ADD COLUMN gross_minor INTEGER;
    ALTER TABLE sales ADD COLUMN discount_minor INTEGER;
    ALTER TABLE sales ADD COLUMN vat_rates TEXT;

    ALTER TABLE refunds ADD COLUMN vat_rates TEXT;
    -- How the money went back: cash from the drawer (NULL on older refunds: they were all cash) or the sale's own tender.
    ALTER TABLE refunds ADD COLUMN tender TEXT;

    CREATE TABLE sale_discounts (
      sale_seq INTEGER NOT NULL REFERENCES sales (seq),
      kind TEXT NOT NULL,
      amount_minor INTEGER NOT NULL,
      PRIMARY KEY (sale_seq, kind)
    );

    -- Lines and carts voided before payment: never a sale, but a Z reading must count them.
    CREATE TABLE till_voids (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('line', 'cart')),
      cart_key TEXT NOT NULL,
      sku TEXT,
      name TEXT,
      qty_milli INTEGER,
      amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
      cashier TEXT,
      approved_by TEXT,
      occurred_at TEXT NOT NULL,
      shift_id TEXT
    );
    CREATE INDEX till_voids_shift ON till_voids (shift_id);
    -- Append-only: a void is never changed or removed; only a shift opened later may take one rung up with no shift open.
    CREATE TRIGGER till_voids_no_delete BEFORE DELETE ON till_voids BEGIN
      SELECT RAISE(ABORT, 'till_voids is append-only');
    END;
    CREATE TRIGGER till_voids_no_update BEFORE UPDATE ON till_voids
      WHEN NOT (OLD.shift_id IS NULL AND NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.cart_key = OLD.cart_key
        AND NEW.amount_minor = OLD.amount_minor AND NEW.occurred_at = OLD.occurred_at
        AND NEW.sku IS OLD.sku AND NEW.name IS OLD.name AND NEW.qty_milli IS OLD.qty_milli
        AND NEW.cashier IS OLD.cashier AND NEW.approved_by IS OLD.approved_by) BEGIN
      SELECT RAISE(ABORT, 'till_voids is append-only');
    END;

    -- The accumulated grand total (net sales since the till's first sale) and the Z counter.
    CREATE TABLE till_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO till_counters (name, value) VALUES
      ('grand_total', (SELECT COALESCE(SUM(total_minor), 0) FROM sales) - (SELECT COALESCE(SUM(total_minor), 0) FROM refunds)),
      ('z_counter', (SELECT COUNT(*) FROM shifts WHERE closed_at IS NOT NULL));
    CREATE TRIGGER till_counters_no_delete BEFORE DELETE ON till_counters BEGIN
      SELECT RAISE(ABORT, 'till counters are never removed');
    END;
    -- The Z counter only goes up: a number once given to a Z reading is never given again.
    CREATE TRIGGER z_counter_only_up BEFORE UPDATE ON till_counters WHEN OLD.name = 'z_counter' AND NEW.value <= OLD.value BEGIN
      SELECT RAISE(ABORT, 'the Z counter never goes back');
    END;
    -- The grand total moves with every document, in the document's own transaction
    -- (terminal/readings/document-figures.ts: no trigger on the pay path's tables).

    ALTER TABLE shifts ADD COLUMN grand_total_begin_minor INTEGER;
    ALTER TABLE shifts ADD COLUMN z_counter INTEGER;
    CREATE UNIQUE INDEX shifts_z_counter ON shifts (z_counter) WHERE z_counter IS NOT NULL;
    -- Shifts before this version: the grand total when they began is what the shifts before them took in.
    UPDATE shifts SET grand_total_begin_minor =
      (SELECT COALESCE(SUM(s.total_minor), 0) FROM sales s JOIN shifts p ON p.id = s.shift_id WHERE p.seq < shifts.seq)
      - (SELECT COALESCE(SUM(r.total_minor), 0) FROM refunds r JOIN shifts p ON p.id = r.shift_id WHERE p.seq < shifts.seq);
  `,
});
