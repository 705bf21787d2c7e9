import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';

const PANCIT = '4800007001224';
const COKE = '4800007009732';

/**
 * Found by a walk: a cart held before the Z reading was paid after it, into a shift nobody had
 * opened yet, and nothing at the day's end had said it was there. The Z's question names it.
 */
describe('the Z reading asked with a cart still on hold, in Chromium', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openSignedInTill());
  });
  afterAll(() => closeTill(rig, page));

  it("names the held cart, its items and total, in the Z's question; Not yet takes nothing and the cart is still held", async () => {
    await scan(page, PANCIT, 'PANCIT-CANTON');
    await scan(page, COKE, 'COKE-1_5L');
    await page.getByTestId('product-search').focus();
    await page.keyboard.press('F6');
    await waitForText(page, 'held-count', /^1 cart on hold/);

    await page.getByTestId('to-manager').click();
    await page.getByTestId('manager-gate-pin').fill('9999');
    await page.getByTestId('manager-gate-sign-in').click();
    await page.getByTestId('manager-gate').waitFor({ state: 'detached', ...UI_WAIT });
    await page.getByTestId('manager-tab-shift').click();
    await page.getByTestId('shift-float').fill('500');
    await page.getByTestId('shift-pin').fill('9999');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('shift-open-since').waitFor(UI_WAIT);

    await page.getByTestId('shift-counted').fill('500');
    await page.getByTestId('shift-close-pin').fill('9999');
    await page.getByTestId('shift-close').click();
    await page.getByTestId('z-confirm').waitFor(UI_WAIT);
    expect(await page.getByTestId('z-confirm-held').textContent()).toMatch(
      /^1 cart is still on hold at this till: .+ \(2 items, ₱100\.00\)\. Paid after the Z reading, it goes into the next day's sales: recall it at the counter \(F7\) and pay or void it first, or take the Z and leave it for tomorrow\.$/,
    );
    await page.getByTestId('z-confirm-no').click();
    await page.getByTestId('z-confirm').waitFor({ state: 'detached', ...UI_WAIT });
    expect(await rig.core.currentShift()).not.toBeNull();
  });
});

describe('the held carts in words', () => {
  it('one cart or several, each named with its items and total', async () => {
    const { heldInWords } = await import('../../renderer/manager/ZConfirm');
    const line = { sku: 'COKE-1_5L', name: 'Coca-Cola 1.5 L', unitPriceMinor: 8_500, taxCode: 'VAT12', qty: 2 };
    const cart = (heldName: string) => ({ cartKey: heldName, openedAt: '2026-12-03T08:00:00Z', lines: [line], heldName });
    expect(heldInWords([])).toBeNull();
    expect(heldInWords([cart('lady in red'), cart("Ana Santos's cart")])).toBe(
      "2 carts are still on hold at this till: lady in red (2 items, ₱170.00); Ana Santos's cart (2 items, ₱170.00). Paid after the Z reading, they go into the next day's sales: recall each at the counter (F7) and pay or void them first, or take the Z and leave them for tomorrow.",
    );
  });
});
