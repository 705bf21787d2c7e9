import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_WAIT, UI_WAIT } from '../support/browser/cashier-page';
import { MANAGER_PIN, openManagerDesk, type ManagerRig } from '../support/browser/manager-rig';

describe('a manager in Chromium refunds an item that came back damaged', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openManagerDesk('refund'));
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('unticks "back to stock" on the crushed line: both are paid back, the slip says so, only the other goes back on the shelf', async () => {
    const sale = await rig.sell([
      { sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' },
      { sku: 'RICE-1KG', name: 'Rice 1 kg', qty: 1, unitPriceMinor: 4_000, taxCode: 'VAT12' },
      { sku: 'GALUNGGONG', name: 'Fresh Galunggong', qty: 1.25, unitPriceMinor: 800, taxCode: 'VAT_EXEMPT' },
    ]);
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    // What was sold reads as the receipt printed it: the fish by weight.
    expect([
      await page.getByTestId('refund-sold-GALUNGGONG').textContent(),
      await page.getByTestId('refund-refunded-GALUNGGONG').textContent(),
    ]).toEqual(['1.250 kg', '0.000 kg']);
    expect(await page.getByTestId('refund-sold-SARDINES-555').textContent()).toBe('2');
    // Every line goes back to stock unless the manager says otherwise.
    expect(await page.getByTestId('refund-restock-SARDINES-555').isChecked()).toBe(true);
    expect(await page.getByTestId('refund-restock-RICE-1KG').isChecked()).toBe(true);

    await page.getByTestId('refund-qty-SARDINES-555').fill('1');
    await page.getByTestId('refund-qty-RICE-1KG').fill('1');
    await page.getByRole('checkbox', { name: '555 Sardines 155 g goes back on the shelf' }).uncheck();
    expect(await page.getByTestId('refund-form').textContent()).toContain('No: damaged');
    // Paid back in full all the same: ₱24.50 + ₱40.00.
    expect(await page.getByTestId('refund-preview').textContent()).toBe('₱64.50');
    await page.getByTestId('refund-reason').fill('one can crushed, rice unwanted');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();

    expect(await page.getByTestId('return-total').textContent()).toBe('₱64.50');
    expect(await page.getByTestId('return-not-restocked-SARDINES-555').textContent()).toBe('Not back to stock (damaged)');
    expect(await page.getByTestId('return-not-restocked-RICE-1KG').count()).toBe(0);

    // At the back office: the refund of both, a ledger movement for the rice only.
    const db = rig.backOffice.store.db;
    await expect
      .poll(async () => (await db.selectFrom('refunds').select('total_minor').execute()).map((r) => Number(r.total_minor)), SYNC_WAIT)
      .toEqual([6_450]);
    const refundMoves = await db.selectFrom('stock_movements').select(['sku', 'qty_milli']).where('kind', '=', 'refund').execute();
    expect(refundMoves.map((m) => [m.sku, Number(m.qty_milli)])).toEqual([['RICE-1KG', 1_000]]);

    // Found again: the rice has nothing left to give back, so no box claims it went back on the shelf; a sardine is left.
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    expect(await page.getByTestId('refund-restock-RICE-1KG').count()).toBe(0);
    expect(await page.getByTestId('refund-restock-SARDINES-555').isChecked()).toBe(true);

    // The customer comes back for a copy of the slip: the sale's earlier return is listed, its slip shown again, damage noted.
    const earlier = page.getByTestId('refund-earlier');
    expect(await earlier.textContent()).toContain('₱64.50');
    const [returned] = await rig.core.lookupReceipt({ number: sale.localNumber }).then((s) => s?.refunds ?? []);
    await page.getByTestId(`refund-show-slip-${returned!.localNumber}`).click();
    expect(await page.getByTestId('return-local-number').textContent()).toContain(returned!.localNumber);
    expect(await page.getByTestId('return-not-restocked-SARDINES-555').textContent()).toBe('Not back to stock (damaged)');
  });
});
