import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_WAIT } from '../support/browser/cashier-page';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';

/**
 * Found by a walk: a manager halfway through a refund stepped over to the till (the customer's
 * other item to ring up) and came back to an empty Refund tab on the Sync queue tab. The desk
 * now keeps its tab and the refund as they were; the PIN is never kept.
 */
describe('the manager desk, left for the till and back', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startManagerRig(await buildRendererForTest());
    await rig.core.signIn({ pin: MANAGER_PIN });
    page = await rig.openManagerPage();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('finds the Refund tab with the receipt, quantities, damaged box and reason as left; the PIN typed again', async () => {
    const sale = await rig.sell([
      { sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 2, unitPriceMinor: 2_450 },
      { sku: 'RICE', name: 'Rice 1 kg', qty: 1, unitPriceMinor: 4_000 },
    ]);
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-qty-SARDINES-555').fill('1');
    await page.getByTestId('refund-restock-SARDINES-555').uncheck();
    await page.getByTestId('refund-reason').fill('dented can');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);

    await page.getByTestId('to-cashier').click();
    await page.getByTestId('who-is-ringing').waitFor(UI_WAIT);
    await page.getByTestId('to-manager').click();

    await page.getByTestId('refund-screen').waitFor(UI_WAIT);
    expect(await page.getByTestId('manager-tab-refund').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('refund-lookup').inputValue()).toBe(sale.localNumber);
    expect(await page.getByTestId('refund-qty-SARDINES-555').inputValue()).toBe('1');
    expect(await page.getByTestId('refund-restock-SARDINES-555').isChecked()).toBe(false);
    expect(await page.getByTestId('refund-reason').inputValue()).toBe('dented can');
    expect(await page.getByTestId('refund-pin').inputValue()).toBe('');

    // Given, the refund leaves no draft behind: the next visit starts from an empty form.
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();
    await page.getByTestId('return-local-number').waitFor(UI_WAIT);
    await page.getByTestId('to-cashier').click();
    await page.getByTestId('who-is-ringing').waitFor(UI_WAIT);
    await page.getByTestId('to-manager').click();
    await page.getByTestId('refund-screen').waitFor(UI_WAIT);
    expect(await page.getByTestId('refund-reason').count()).toBe(0);
    expect(await page.getByTestId('refund-lookup').inputValue()).toBe('');
  });
});
