import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';

describe('selling with no shift open', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest());
    page = await rig.openCashierPage();
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await page?.close();
    await rig?.close();
  });

  it('the counter says no shift is open; the sale goes into the next shift a manager opens, and the notice goes away', async () => {
    await waitForText(page, 'no-shift-notice', /No shift open/);
    await page.getByTestId('product-search').focus();
    await page.keyboard.type('4800007001224');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor(UI_WAIT);
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    const localNumber = (await page.getByTestId('receipt-local-number').textContent(UI_WAIT)) ?? '';
    await waitForText(page, 'no-shift-notice', /No shift open/);

    const shift = await rig.core.openShift({ floatMinor: 100_000, approval: { managerPin: '9999' } });
    const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
    const shiftOfSale = db.prepare('SELECT shift_id FROM sales WHERE local_number = ?').pluck().get(localNumber);
    db.close();
    expect(shiftOfSale).toBe(shift.id);
    expect(await rig.core.shiftReport({})).toMatchObject({ salesCount: 1, salesBeforeOpenCount: 1, firstReceiptNumber: localNumber });

    // Still on screen from before; the next sale's receipt reads the shift again.
    expect(await page.getByTestId('no-shift-notice').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('product-search').focus();
    await page.keyboard.type('4800007001224');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor(UI_WAIT);
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
    await page.getByTestId('no-shift-notice').waitFor({ state: 'detached', ...UI_WAIT });
  });
});
