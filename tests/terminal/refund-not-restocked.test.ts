import { afterEach, describe, expect, it } from 'vitest';
import { aSignedInTill, ringUpSale, waitUntilQueueEmpty } from '../support/terminal';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a return that comes back damaged', () => {
  it('is paid back in full but only what goes back on the shelf moves stock, at the till and at the back office', async () => {
    const { core, link, raw } = await aSignedInTill(cleanups);
    // Item 1 x1 at 12.50 and Item 2 x2 at 25.00.
    const sale = await ringUpSale(core, 2);
    const refund = await core.refund({
      refundKey: 'damaged-1',
      saleId: sale.localNumber,
      lines: [
        { sku: 'SKU-1', qty: 1, restock: false },
        { sku: 'SKU-2', qty: 2 },
      ],
      reason: 'one crushed, one unwanted',
      approval: { managerPin: '9999' },
    });
    // Both lines are paid back: damaged or not, it was sold and it came back.
    expect(refund.totalMinor).toBe(1250 + 5000);
    expect(refund.lines).toEqual([
      { sku: 'SKU-1', name: 'Item 1', qty: 1, amountMinor: 1250, restock: false },
      { sku: 'SKU-2', name: 'Item 2', qty: 2, amountMinor: 5000 },
    ]);

    const db = raw();
    expect(db.prepare('SELECT sku, restocked FROM refund_lines ORDER BY line_no').all()).toEqual([
      { sku: 'SKU-1', restocked: 0 },
      { sku: 'SKU-2', restocked: 1 },
    ]);
    // The till's own ledger: the refund moves SKU-2 back, nothing for the crushed SKU-1.
    expect(db.prepare("SELECT sku, qty_milli FROM stock_movements WHERE kind = 'refund' ORDER BY sku").all()).toEqual([
      { sku: 'SKU-2', qty_milli: 2000 },
    ]);
    // What goes to the back office says so only for the damaged line (an ordinary line's body is as before).
    const body = JSON.parse(db.prepare("SELECT body FROM outbox WHERE kind = 'refund'").pluck().get() as string) as { lines: unknown[] };
    expect(body.lines).toEqual([
      { sku: 'SKU-1', qty: 1, restock: false },
      { sku: 'SKU-2', qty: 2 },
    ]);
    // The return slip's copy in the electronic journal says which line stays off the shelf.
    const slip = db.prepare("SELECT text FROM journal WHERE kind = 'refund'").pluck().get() as string;
    expect(slip).toMatch(/1 x Item 1[^\n]*\n {2}Not back to stock \(damaged\)\n2 x Item 2/);
    db.close();

    core.start();
    await waitUntilQueueEmpty(core);
    const backOffice = link.backOffice.store.db;
    const movements = await backOffice.selectFrom('stock_movements').select(['sku', 'kind', 'qty_milli']).orderBy('sku').orderBy('kind').execute();
    expect(movements.map((m) => [m.sku, m.kind, Number(m.qty_milli)])).toEqual([
      ['SKU-1', 'sale', -1000],
      ['SKU-2', 'refund', 2000],
      ['SKU-2', 'sale', -2000],
    ]);
    const levels = await backOffice.selectFrom('stock_levels').select(['sku', 'on_hand_milli']).orderBy('sku').execute();
    expect(levels.map((l) => [l.sku, Number(l.on_hand_milli)])).toEqual([
      ['SKU-1', -1000],
      ['SKU-2', 0],
    ]);
    const refunded = await backOffice.selectFrom('refunds').select(['total_minor']).execute();
    expect(refunded.map((r) => Number(r.total_minor))).toEqual([6250]);

    // Looked up again later (a reprint), the refund still says which line stayed off the shelf.
    const again = (await core.lookupReceipt({ number: sale.localNumber }))?.refunds[0];
    expect(again?.lines.map((l) => l.restock ?? true)).toEqual([false, true]);
  });

  it("the shift's readings say how much of the returns did not go back to stock, under the returns", async () => {
    const { core, raw } = await aSignedInTill(cleanups);
    const approval = { managerPin: '9999' };
    await core.openShift({ floatMinor: 100_000, approval });
    const sale = await ringUpSale(core, 3);
    await core.refund({ refundKey: 'damaged-x-1', saleId: sale.id, lines: [{ sku: 'SKU-1', qty: 1, restock: false }], reason: 'crushed', approval });
    await core.refund({
      refundKey: 'damaged-x-2',
      saleId: sale.id,
      lines: [
        { sku: 'SKU-2', qty: 1 },
        { sku: 'SKU-3', qty: 2, restock: false },
      ],
      reason: 'one unwanted, two expired',
      approval,
    });
    const x = await core.shiftReport({});
    // SKU-1 at 12.50 and two SKU-3 at 37.50: three returned lines' worth, two lines, written off; SKU-2 went back.
    expect(x.notRestocked).toEqual({ lines: 2, amountMinor: 1250 + 7500 });
    expect(x.refundsMinor).toBe(1250 + 2500 + 7500);
    const z = await core.closeShift({ approval, override: { reason: 'not synced in this test' } });
    expect(z.notRestocked).toEqual(x.notRestocked);
    const db = raw();
    const text = db.prepare("SELECT text FROM journal WHERE kind = 'z_reading'").pluck().get() as string;
    db.close();
    expect(text).toMatch(/Less returns\/refunds \(2\)\s+-P112\.50\nincl\. not back to stock \(2 lines\)\s+\(P87\.50\)\n/);
  });
});
