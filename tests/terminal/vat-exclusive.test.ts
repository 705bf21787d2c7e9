import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, startLink, tempDataDir, waitFor, waitUntilQueueEmpty } from '../support/terminal';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a product whose VAT is added on top of its price (tax inclusive: false)', () => {
  it('paid exactly the amount due incl. VAT -> change 0 stored; the back office still gets the wire total without that VAT', async () => {
    const link = await startLink();
    cleanups.push(() => link.close());
    const store = link.backOffice.store.db;
    const business = await store.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    await store
      .insertInto('taxes')
      .values({ business_id: business.id, code: 'VAT12_ADDED', name: 'VAT 12% (added)', rate_basis_points: 1200, inclusive: 0 })
      .execute();
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const core = await openCore(data.dir);
    cleanups.push(() => core.close());
    await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
    core.start();
    await waitFor(
      async () => (await core.listTaxes()).some((t) => t.code === 'VAT12_ADDED' && !t.inclusive),
      'the catalog pull to bring the VAT-exclusive tax',
    );

    const lines = [
      { sku: 'AIRCON-SVC', name: 'Aircon cleaning', qty: 1, unitPriceMinor: 100_000, taxCode: 'VAT12_ADDED' },
      { sku: 'RICE-1KG', name: 'Rice 1 kg', qty: 2, unitPriceMinor: 6_800, discountMinor: 600, taxCode: 'VAT_EXEMPT' },
    ];
    // 1,000.00 + 12% VAT added = 1,120.00; rice 136.00 - 6.00 = 130.00, exempt: 1,250.00 due.
    const exact = await core.pay({ cartKey: 'cart-exact', cashier: 'ana', lines, payments: [{ method: 'cash', amountMinor: 125_000 }] });
    const over = await core.pay({ cartKey: 'cart-over', cashier: 'ana', lines, payments: [{ method: 'cash', amountMinor: 130_000 }] });
    expect(exact).toMatchObject({ totalMinor: 113_000, amountDueMinor: 125_000, vatMinor: 12_000, paidMinor: 125_000, changeMinor: 0 });
    expect(over).toMatchObject({ amountDueMinor: 125_000, changeMinor: 5_000 });

    const db = new Database(join(data.dir, 'terminal.db'), { readonly: true });
    const rows = db.prepare('SELECT cart_key, total_minor, amount_due_minor, vat_minor, paid_minor, change_minor FROM sales ORDER BY seq').all();
    db.close();
    expect(rows).toEqual([
      { cart_key: 'cart-exact', total_minor: 113_000, amount_due_minor: 125_000, vat_minor: 12_000, paid_minor: 125_000, change_minor: 0 },
      { cart_key: 'cart-over', total_minor: 113_000, amount_due_minor: 125_000, vat_minor: 12_000, paid_minor: 130_000, change_minor: 5_000 },
    ]);

    await waitUntilQueueEmpty(core);
    const serverTotals = await store.selectFrom('sales').select(['local_number', 'total_minor']).orderBy('local_number').execute();
    expect(serverTotals.map((s) => Number(s.total_minor))).toEqual([113_000, 113_000]);
  });
});
