import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalCore } from '../../terminal/terminal-core';
import { aSignedInTill, codeOf, waitUntilQueueEmpty } from '../support/terminal';
import { documentTime } from '../../terminal/invoicing/document-dates';

const MANAGER = { managerPin: '9999' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aTill() {
  const { core, link, dataDir } = await aSignedInTill(cleanups);
  // The catalog's VAT, as the back office sends it.
  const writable = new Database(join(dataDir, 'terminal.db'));
  writable.prepare("INSERT INTO taxes (code, name, rate_basis_points, inclusive) VALUES ('VAT12', 'VAT 12%', 1200, 1)").run();
  writable.close();
  return { core, link, raw: () => new Database(join(dataDir, 'terminal.db'), { readonly: true }) };
}

async function sell(
  core: TerminalCore,
  lines: { sku: string; qty: number; unitPriceMinor: number; taxCode?: string }[],
  payments: { method: 'cash' | 'card'; amountMinor: number }[],
) {
  const { cartKey } = await core.openCart();
  return core.pay({ cartKey, cashier: 'ana', lines, payments });
}

describe('a shift at the till', () => {
  it('totals by tender, refunds and VAT are the sums of the shift’s own rows; receipts first to last', async () => {
    const { core, raw } = await aTill();
    expect(await codeOf(core.shiftReport({}))).toBe('shift_not_open');
    const shift = await core.openShift({ floatMinor: 200_000, approval: MANAGER });
    expect(shift).toMatchObject({ openedBy: 'mario', floatMinor: 200_000, closedAt: null });
    expect(await codeOf(core.openShift({ floatMinor: 0, approval: MANAGER }))).toBe('shift_already_open');
    // Said on the shop's clock with the manager's name, not in UTC with a code (this process runs in UTC).
    const already = await core.openShift({ floatMinor: 0, approval: MANAGER }).catch((error: Error) => error.message);
    expect(already).toBe(`A shift is already open since ${documentTime(shift.openedAt, 'Asia/Manila')} (opened by Mario); close it first.`);

    const a = await sell(core, [{ sku: 'RICE', qty: 2, unitPriceMinor: 5_600, taxCode: 'VAT12' }], [{ method: 'cash', amountMinor: 20_000 }]);
    const b = await sell(core, [{ sku: 'EGGS', qty: 1, unitPriceMinor: 3_000 }], [{ method: 'card', amountMinor: 3_000 }]);
    const c = await sell(
      core,
      [
        { sku: 'RICE', qty: 1, unitPriceMinor: 5_600, taxCode: 'VAT12' },
        { sku: 'EGGS', qty: 1, unitPriceMinor: 3_000 },
      ],
      [
        { method: 'card', amountMinor: 4_000 },
        { method: 'cash', amountMinor: 5_000 },
      ],
    );
    await core.refund({ refundKey: 'shift-refund-1', saleId: a.id, lines: [{ sku: 'RICE', qty: 1 }], reason: 'torn sack', approval: MANAGER });

    const x = await core.shiftReport({});
    const db = raw();
    const rows = db.prepare('SELECT local_number, total_minor, change_minor FROM sales WHERE shift_id = ? ORDER BY seq').all(shift.id) as {
      local_number: string;
      total_minor: number;
      change_minor: number;
    }[];
    const pay = db
      .prepare(
        'SELECT p.method, SUM(p.amount_minor) AS amount FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.shift_id = ? GROUP BY p.method',
      )
      .all(shift.id) as { method: string; amount: number }[];
    const refunded = db.prepare('SELECT SUM(total_minor) FROM refunds WHERE shift_id = ?').pluck().get(shift.id) as number;
    db.close();
    expect(rows.map((r) => r.local_number)).toEqual([a.localNumber, b.localNumber, c.localNumber]);
    const gross = rows.reduce((sum, r) => sum + r.total_minor, 0);
    const change = rows.reduce((sum, r) => sum + r.change_minor, 0);
    const cash = (pay.find((p) => p.method === 'cash')?.amount ?? 0) - change;
    expect(x).toMatchObject({
      kind: 'X',
      salesCount: 3,
      firstReceiptNumber: a.localNumber,
      lastReceiptNumber: c.localNumber,
      grossSalesMinor: gross,
      refundsCount: 1,
      refundsMinor: refunded,
      netSalesMinor: gross - refunded,
      expectedCashMinor: 200_000 + cash - refunded,
      unsyncedCount: 4,
    });
    expect(gross).toBe(11_200 + 3_000 + 8_600);
    expect(refunded).toBe(5_600);
    expect(x.tenders).toEqual([
      { method: 'card', amountMinor: 7_000 },
      { method: 'cash', amountMinor: 11_200 + 3_000 + 8_600 - 7_000 },
    ]);
    // VAT12 lines: 11,200 + 5,600 sold, 5,600 refunded = 11,200 inclusive of 1,200 VAT; eggs carry no code.
    expect(x.vat).toMatchObject({ vatableMinor: 10_000, vatMinor: 1_200, exemptMinor: 6_000 });
  });

  it('found by a walk: a shift handed from Ana to Mario and back says whose sales were whose, on screen and in the journal', async () => {
    const { core, raw } = await aTill();
    await core.openShift({ floatMinor: 100_000, approval: MANAGER });
    await sell(core, [{ sku: 'RICE', qty: 2, unitPriceMinor: 5_600 }], [{ method: 'cash', amountMinor: 11_200 }]);
    await sell(core, [{ sku: 'EGGS', qty: 1, unitPriceMinor: 3_000 }], [{ method: 'card', amountMinor: 3_000 }]);
    // Ana goes on break: Mario takes the till.
    await core.signIn({ pin: '9999' });
    await sell(core, [{ sku: 'GUM', qty: 3, unitPriceMinor: 500 }], [{ method: 'cash', amountMinor: 1_500 }]);
    await core.signIn({ pin: '1111' });
    await sell(core, [{ sku: 'EGGS', qty: 2, unitPriceMinor: 3_000 }], [{ method: 'cash', amountMinor: 6_000 }]);

    const x = await core.shiftReport({});
    const db = raw();
    const stored = db.prepare('SELECT cashier, COUNT(*) AS n, SUM(total_minor) AS total FROM sales GROUP BY cashier ORDER BY cashier').all();
    db.close();
    expect(stored).toEqual([
      { cashier: 'ana', n: 3, total: 11_200 + 3_000 + 6_000 },
      { cashier: 'mario', n: 1, total: 1_500 },
    ]);
    // In the order each first sold; together they are every sale of the shift.
    expect(x.cashiers).toEqual([
      { cashier: 'ana', salesCount: 3, salesMinor: 20_200 },
      { cashier: 'mario', salesCount: 1, salesMinor: 1_500 },
    ]);
    expect(x.salesCount).toBe(4);
    // The Z keeps them; its journal copy names them as the paper does.
    await core.signIn({ pin: '9999' });
    const z = await core.closeShift({ approval: MANAGER, override: { reason: 'not synced in this test' } });
    expect(z.cashiers).toEqual(x.cashiers);
    const journal = await core.journalDay({});
    const zText = journal.entries.find((e) => e.kind === 'z_reading')?.text ?? '';
    expect(zText).toMatch(/\nSales by cashier\n {2}Ana \(3\) +P202\.00\n {2}Mario \(1\) +P15\.00\n/);
  });

  it('sales and refunds rung up with no shift open go into the next shift opened: its X and Z reports count them', async () => {
    const { core, raw } = await aTill();
    const first = await core.openShift({ floatMinor: 50_000, approval: MANAGER });
    const inFirst = await sell(core, [{ sku: 'GUM', qty: 1, unitPriceMinor: 500 }], [{ method: 'cash', amountMinor: 500 }]);
    await core.closeShift({ approval: MANAGER, override: { reason: 'offline all day' } });

    // Nobody opened the next shift: the till sells anyway.
    const early = await sell(core, [{ sku: 'RICE', qty: 1, unitPriceMinor: 5_600, taxCode: 'VAT12' }], [{ method: 'cash', amountMinor: 6_000 }]);
    const refund = await core.refund({
      refundKey: 'no-shift-refund',
      saleId: inFirst.id,
      lines: [{ sku: 'GUM', qty: 1 }],
      reason: 'stale',
      approval: MANAGER,
    });
    let db = raw();
    expect(db.prepare('SELECT shift_id FROM sales WHERE id = ?').pluck().get(early.id)).toBeNull();
    db.close();

    const next = await core.openShift({ floatMinor: 100_000, approval: MANAGER });
    const later = await sell(core, [{ sku: 'GUM', qty: 2, unitPriceMinor: 500 }], [{ method: 'card', amountMinor: 1_000 }]);
    db = raw();
    const shiftOf = db.prepare('SELECT id, shift_id FROM sales ORDER BY seq').all();
    expect(shiftOf).toEqual([
      { id: inFirst.id, shift_id: first.id },
      { id: early.id, shift_id: next.id },
      { id: later.id, shift_id: next.id },
    ]);
    expect(db.prepare('SELECT shift_id FROM refunds WHERE id = ?').pluck().get(refund.id)).toBe(next.id);
    db.close();

    const x = await core.shiftReport({});
    expect(x).toMatchObject({
      salesCount: 2,
      salesBeforeOpenCount: 1,
      firstReceiptNumber: early.localNumber,
      lastReceiptNumber: later.localNumber,
      grossSalesMinor: 6_600,
      refundsMinor: 500,
    });
    // The early sale's cash (60.00 less 4.00 change) is in this drawer, the refund came out of it.
    expect(x.expectedCashMinor).toBe(100_000 + 5_600 - 500);
    expect(x.vat).toMatchObject({ vatableMinor: 5_000, vatMinor: 600 });
    const z = await core.closeShift({ approval: MANAGER, override: { reason: 'offline all day' } });
    expect(z).toMatchObject({ kind: 'Z', salesCount: 2, salesBeforeOpenCount: 1 });
    expect((await core.shiftReport({ shiftId: first.id })).salesCount).toBe(1);
  });

  it('closing with sales not yet at the back office needs an override with a reason, recorded with who', async () => {
    const { core, raw } = await aTill();
    const shift = await core.openShift({ floatMinor: 100_000, approval: MANAGER });
    await sell(core, [{ sku: 'GUM', qty: 3, unitPriceMinor: 500 }], [{ method: 'cash', amountMinor: 2_000 }]);
    expect(await codeOf(core.closeShift({ approval: MANAGER }))).toBe('unsynced_sales');
    expect(await codeOf(core.closeShift({ approval: { managerPin: '1111' }, override: { reason: 'internet down all day' } }))).toBe('not_allowed');
    expect(await core.currentShift()).toMatchObject({ id: shift.id, closedAt: null });

    const z = await core.closeShift({ countedCashMinor: 101_500, approval: MANAGER, override: { reason: 'internet down all day' } });
    expect(z).toMatchObject({
      kind: 'Z',
      salesCount: 1,
      expectedCashMinor: 101_500,
      countedCashMinor: 101_500,
      override: { by: 'mario', reason: 'internet down all day', unsyncedCount: 1 },
    });
    expect(z.shift).toMatchObject({ closedBy: 'mario' });
    expect(await core.currentShift()).toBeNull();
    expect(await core.shiftReport({ shiftId: shift.id })).toEqual(z);
    const db = raw();
    expect(db.prepare('SELECT closed_by, override_by, override_reason, unsynced_at_close FROM shifts WHERE id = ?').get(shift.id)).toEqual({
      closed_by: 'mario',
      override_by: 'mario',
      override_reason: 'internet down all day',
      unsynced_at_close: 1,
    });
    db.close();
  });

  it('once everything is synced, the Z report needs no override', async () => {
    const { core } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    await sell(core, [{ sku: 'GUM', qty: 1, unitPriceMinor: 500 }], [{ method: 'cash', amountMinor: 500 }]);
    core.start();
    await waitUntilQueueEmpty(core);
    const z = await core.closeShift({ approval: MANAGER });
    expect(z).toMatchObject({ kind: 'Z', unsyncedCount: 0, override: null, salesCount: 1 });
  });
});
