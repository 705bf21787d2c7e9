import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payCash, scan, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';

/** Where an element is on the screen, in CSS pixels. */
const boxOf = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((element) => {
    const r = element.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });

describe('the walk’s polish at the counter, in Chromium', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openSignedInTill());
    await page.setViewportSize({ width: 1280, height: 800 });
  });
  afterAll(() => closeTill(rig, page));

  it('counts pieces, a weighed line as one item, and says "1 item"', async () => {
    await scan(page, '4800007001224', 'PANCIT-CANTON');
    expect(await page.getByTestId('cart-items').textContent()).toBe('1 item');
    await scan(page, '0.750*2000000000015', 'RICE-LOOSE');
    expect(await page.getByTestId('cart-items').textContent()).toBe('2 items');
    await scan(page, '4800007001224', 'PANCIT-CANTON');
    expect(await page.getByTestId('cart-items').textContent()).toBe('3 items');
  });

  it('a cart held with Shift+F6 keeps the name given, shown in F7’s list', async () => {
    await page.keyboard.press('Shift+F6');
    await page.getByTestId('hold-name-input').waitFor(UI_WAIT);
    await page.keyboard.type('lady in red');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('cart-line')
      .first()
      .waitFor({ state: 'detached', ...UI_WAIT });
    await page.keyboard.press('F7');
    await waitForText(page, 'held-cart-name', /^lady in red$/);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="RICE-LOOSE"]').waitFor(UI_WAIT);
  });

  it('an amount typed right after a reload, before the stored cart is back, is kept', async () => {
    // IndexedDB answers late, as on a slow till: the cart comes back 1.5 s after the screen.
    await page.addInitScript(() => {
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function (this: IDBFactory, ...args: [string, number?]) {
        const request = open.apply(this, args);
        let handler: ((this: IDBRequest, event: Event) => unknown) | null = null;
        Object.defineProperty(request, 'onsuccess', {
          configurable: true,
          get: () => handler,
          set: (fn: typeof handler) => {
            handler = fn;
          },
        });
        request.addEventListener('success', (event) => setTimeout(() => handler?.call(request, event), 1_500));
        return request;
      };
    });
    await page.reload();
    const tendered = page.getByTestId('cash-tendered');
    await tendered.waitFor(UI_WAIT);
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    await tendered.fill('500');
    await page.locator('[data-testid="cart-line"][data-sku="RICE-LOOSE"]').waitFor(UI_WAIT);
    expect(await tendered.inputValue()).toBe('500');
  });

  it('a reprint (F5, Enter) at 1280x800 shows the receipt’s numbers below the status bar, and the scan field', async () => {
    await page.getByTestId('pay-button').click();
    await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
    for (let i = 0; i < 6; i++) {
      await scan(page, '4800007009732', 'COKE-1_5L');
      await payCash(page, '100');
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('F5');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
    const bar = await boxOf(page, 'status-bar');
    const numbers = await boxOf(page, 'receipt-local-number');
    const search = await boxOf(page, 'product-search');
    expect(numbers.top).toBeGreaterThanOrEqual(bar.bottom);
    expect(numbers.bottom).toBeLessThanOrEqual(800);
    expect(search.top).toBeGreaterThanOrEqual(bar.bottom);
    expect(search.bottom).toBeLessThanOrEqual(800);
  });

  it('on paper the receipt has no card border and its "@" and "less" notes are smaller than the item names', async () => {
    await page.emulateMedia({ media: 'print' });
    const printed = await page.locator('.printable-receipt').evaluate((receipt) => {
      const line = receipt.querySelector('.receipt-lines li');
      const note = line?.querySelector('small');
      return {
        border: getComputedStyle(receipt).borderTopWidth,
        borderStyle: getComputedStyle(receipt).borderTopStyle,
        name: line ? parseFloat(getComputedStyle(line).fontSize) : Number.NaN,
        note: note ? parseFloat(getComputedStyle(note).fontSize) : Number.NaN,
      };
    });
    await page.emulateMedia({ media: 'screen' });
    expect(printed.border === '0px' || printed.borderStyle === 'none').toBe(true);
    expect(printed.note).toBeLessThan(printed.name);
  });
});
