import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { Outbox } from '../../terminal/sync/outbox';
import { LocalSales } from '../../terminal/sales/local-sales';
import { migrations } from '../../terminal/store/migrations';
import { migrate, openTerminalDb, type TerminalDb } from '../../terminal/store/terminal-db';
import { tempDataDir } from '../support/terminal';

const VERSION = 6;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A new terminal database, or (`upTo`) one migrated only that far: a terminal already in the field. */
function freshDb(upTo?: number): TerminalDb {
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  let db: TerminalDb;
  if (upTo === undefined) db = openTerminalDb(data.dir);
  else {
    db = new Database(join(data.dir, 'terminal.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((m) => m.version <= upTo),
    );
  }
  const opened = db;
  cleanups.push(() => opened.close());
  return db;
}

const lines = [
  { sku: 'SKU-1', name: 'Rice', qty: 2, unitPriceMinor: 1000, discountMinor: 100, taxCode: 'VAT12' },
  { sku: 'SKU-2', name: 'Galunggong (per kg)', qty: 0.5, unitPriceMinor: 2000 },
];

function ringUp(db: TerminalDb, count: number, shiftOpen = false) {
  if (shiftOpen)
    db.prepare(
      "INSERT INTO shifts (id, terminal_code, opened_at, opened_by, float_minor) VALUES ('shift-1', 'T01', '2025-01-01T00:00:00Z', 'ana', 0)",
    ).run();
  const sales = new LocalSales(db, new Outbox(db));
  return Array.from({ length: count }, () =>
    sales.pay(
      {
        cartKey: uuidv7(),
        cashier: 'ana',
        lines,
        payments: [
          { method: 'cash', amountMinor: 5000 },
          { method: 'card', amountMinor: 100, reference: 'A1' },
        ],
      },
      'T01',
    ),
  );
}

/**
 * Sales as a till of version VERSION - 1 holds them. Today's pay path writes columns that
 * version did not have (the invoice's VAT figures, version 9; the reading figures and the journal, versions 10 and 11), so they are rung up by
 * today's code in a database of their own and copied over with the columns the field's
 * tables have, receipt counter included.
 */
function ringUpInTheField(field: TerminalDb, count: number) {
  field
    .prepare("INSERT INTO shifts (id, terminal_code, opened_at, opened_by, float_minor) VALUES ('shift-1', 'T01', '2025-01-01T00:00:00Z', 'ana', 0)")
    .run();
  const today = freshDb();
  const sold = ringUp(today, count, true);
  field.prepare('ATTACH DATABASE ? AS today').run(today.name);
  for (const table of ['receipt_counters', 'sales', 'sale_lines', 'sale_payments', 'outbox', 'stock_movements']) {
    const columns = (field.pragma(`main.table_info(${table})`) as { name: string }[]).map((c) => c.name).join(', ');
    field.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM today.${table}`);
  }
  field.exec('DETACH DATABASE today');
  return sold;
}

const plan = (db: TerminalDb, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');

describe('the pay path storage migration', () => {
  it('keeps every sale, line, payment and entry of a database already in the field', () => {
    const db = freshDb(VERSION - 1);
    const before = ringUpInTheField(db, 3);
    const dump = () => ({
      lines: db.prepare('SELECT * FROM sale_lines ORDER BY sale_seq, line_no').all(),
      payments: db.prepare('SELECT * FROM sale_payments ORDER BY sale_seq, line_no').all(),
      sales: db.prepare('SELECT * FROM sales ORDER BY seq').all(),
      outbox: db.prepare('SELECT * FROM outbox ORDER BY seq').all(),
      movements: db.prepare('SELECT * FROM stock_movements ORDER BY id').all(),
    });
    const old = dump();
    expect(old.lines).toHaveLength(6);
    expect(
      migrate(
        db,
        migrations.filter((m) => m.version <= VERSION),
      ),
    ).toEqual([VERSION]);
    expect(dump()).toEqual(old);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Today's code reads them once the till has every later version too; what versions 9 and 21 added (the VAT figures, the
    // profile the invoice was issued under) is absent from sales before them.
    expect(migrate(db, migrations)).toEqual(migrations.filter((m) => m.version > VERSION).map((m) => m.version));
    const sales = new LocalSales(db, new Outbox(db));
    expect(before.map((s) => sales.get(s.id))).toEqual(
      before.map(({ vatableMinor: _v, exemptMinor: _e, zeroRatedMinor: _z, issuedUnder: _i, ...inTheField }) => inTheField),
    );
    // Sales keep being rung up, in the open shift, after the migration.
    const [after] = ringUp(db, 1);
    expect(db.prepare('SELECT shift_id FROM sales WHERE id = ?').pluck().get(after?.id)).toBe('shift-1');
  });

  it('stamps the open shift on a sale without a trigger, and none when no shift is open', () => {
    const db = freshDb();
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sales'").pluck().get()).toBe(0);
    const [loose] = ringUp(db, 1);
    expect(db.prepare('SELECT shift_id FROM sales WHERE id = ?').pluck().get(loose?.id)).toBeNull();
    const [inShift] = ringUp(db, 1, true);
    expect(db.prepare('SELECT shift_id FROM sales WHERE id = ?').pluck().get(inShift?.id)).toBe('shift-1');
  });

  it('still answers every query of the terminal from an index', () => {
    const db = freshDb();
    expect(plan(db, "SELECT id FROM outbox WHERE depends_on = ? AND state IN ('pending', 'needs_attention')", 'x')).toContain(
      'INDEX outbox_depends_on',
    );
    expect(plan(db, 'SELECT seq FROM sales s WHERE s.id = @n OR s.local_number = @n OR s.invoice_number = @n LIMIT 1', { n: 'x' })).toContain(
      'INDEX sales_invoice_number',
    );
    const round = plan(
      db,
      "SELECT o.seq FROM outbox o LEFT JOIN outbox d ON d.id = o.depends_on WHERE o.state = 'pending' AND (o.depends_on IS NULL OR d.state = 'synced') ORDER BY o.seq LIMIT 100",
    );
    expect(round).toContain('INDEX outbox_state');
    expect(round).not.toContain('TEMP B-TREE');
    expect(plan(db, "SELECT COALESCE(SUM(value_minor), 0) FROM outbox WHERE state IN ('pending', 'sending', 'needs_attention')")).toContain(
      'COVERING INDEX outbox_state',
    );
    expect(plan(db, 'SELECT COUNT(*) FROM outbox WHERE state = ?', 'pending')).toContain('COVERING INDEX outbox_state');
    expect(plan(db, 'SELECT seq FROM outbox WHERE state = ? ORDER BY seq LIMIT 1', 'pending')).not.toContain('TEMP B-TREE');
    expect(plan(db, 'UPDATE sales SET shift_id = ? WHERE shift_id IS NULL', 'x')).toContain('INDEX sales_shift');
    expect(plan(db, 'SELECT * FROM sale_lines WHERE sale_seq = ? ORDER BY line_no', 1)).toContain('PRIMARY KEY');
    expect(plan(db, 'SELECT * FROM sale_payments WHERE sale_seq = ? ORDER BY line_no', 1)).toContain('PRIMARY KEY');
  });
});
