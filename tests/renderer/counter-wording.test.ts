import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPrompt, holdCart, scan, storedCart, typeAtCounter, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';

const line = (page: Page, sku: string) => page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`);

/** Found by a keyboard-only probe (PROBE-FINDINGS.md, findings 9 and 10): what the amount fields took, and how the counter reads. */
describe('the counter’s fields refuse what they cannot take, and read as the receipt does', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openSignedInTill());
  });
  afterAll(() => closeTill(rig, page));

  it('letters in the amount field are refused as they are typed', async () => {
    await scan(page, '4800007009732', 'COKE-1_5L');
    await page.keyboard.press('F2');
    await page.keyboard.type('5ab');
    await waitForText(page, 'pay-error', /^An amount is digits, with centavos after a point: 500 or 99\.75\.$/);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('receipt').count()).toBe(0);
    expect((await storedCart(page))?.tenders ?? []).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('a letter after other letters is typed, not a tender key: "abc" on a card stays a card (a cashier walk saw it turn into cash)', async () => {
    await page.keyboard.press('F2');
    await page.keyboard.press('k');
    expect(await page.getByTestId('tender-card').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.type('abc');
    expect(await page.getByTestId('cash-tendered').inputValue()).toBe('abc');
    expect(await page.getByTestId('tender-card').getAttribute('aria-checked')).toBe('true');
    await waitForText(page, 'pay-error', /^An amount is digits/);
    // After an amount, the keys still choose: 500, then C is ₱500 in cash.
    await page.getByTestId('cash-tendered').fill('');
    await page.keyboard.type('500');
    await page.keyboard.press('c');
    expect(await page.getByTestId('tender-cash').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('cash-tendered').inputValue()).toBe('500');
    await page.getByTestId('cash-tendered').fill('');
    await page.keyboard.press('Escape');
  });

  it('a slip reference pasted past 120 characters is refused whole, not cut and taken', async () => {
    await page.keyboard.press('F2');
    await page.keyboard.press('k');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    const reference = page.getByTestId('tender-reference');
    await reference.waitFor(UI_WAIT);
    await reference.fill('9'.repeat(5_000));
    await waitForText(page, 'pay-error', /^A reference is at most 120 characters: this one has 5,000\. Nothing was cut: check what was pasted\.$/);
    expect((await reference.inputValue()).length).toBe(5_000);
    await reference.press('Enter');
    expect((await storedCart(page))?.tenders ?? []).toEqual([]);
    await reference.fill('SLIP-1');
    await reference.press('Enter');
    await page.getByTestId('tender-line').waitFor(UI_WAIT);
    expect((await storedCart(page))?.tenders).toEqual([{ method: 'card', amountMinor: 1_000, reference: 'SLIP-1' }]);
    await page.getByRole('button', { name: /Remove the card tender/ }).click();
    await page.getByTestId('tender-line').waitFor({ state: 'detached', ...UI_WAIT });
  });

  it('found by a walk: "10", then K puts the cursor in the slip reference, so what is typed next is the slip\'s', async () => {
    await page.keyboard.press('F2');
    await page.keyboard.type('10');
    await page.keyboard.press('k');
    const reference = page.getByTestId('tender-reference');
    await reference.waitFor(UI_WAIT);
    await expect.poll(() => reference.evaluate((field) => field === field.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('SLIP-7');
    expect(await page.getByTestId('cash-tendered').inputValue()).toBe('10');
    await page.keyboard.press('Enter');
    await page.getByTestId('tender-line').waitFor(UI_WAIT);
    expect((await storedCart(page))?.tenders).toEqual([{ method: 'card', amountMinor: 1_000, reference: 'SLIP-7' }]);
    await page.getByRole('button', { name: /Remove the card tender/ }).click();
    await page.getByTestId('tender-line').waitFor({ state: 'detached', ...UI_WAIT });
  });

  it('Enter pressed twice on one entry (a bouncing key, a scanner ending with CR+LF) adds the item once', async () => {
    const search = page.getByTestId('product-search');
    for (const typed of ['4800007001965', 'sardines']) {
      await search.fill(typed);
      // Both presses before the first lookup answers: the page gets them back to back.
      await search.evaluate((field) => {
        for (let i = 0; i < 2; i++) field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      });
      await line(page, 'SARDINES-555').waitFor(UI_WAIT);
      await expect.poll(() => search.inputValue()).toBe('');
    }
    expect(await line(page, 'SARDINES-555').getByTestId('cart-line-qty').textContent()).toBe('2');
  });

  it('"The cart is empty" goes once a held cart is recalled onto the counter', async () => {
    await holdCart(page);
    await page.keyboard.press('F2');
    await waitForText(page, 'pay-error', /^The cart is empty: scan a product first\.$/);
    await page.keyboard.press('F7');
    await page.getByTestId('held-cart').first().waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
    await line(page, 'SARDINES-555').waitFor(UI_WAIT);
    await page.getByTestId('pay-error').waitFor({ state: 'detached', ...UI_WAIT });
  });

  it('a weighed line reads in thousandths with its unit, as the receipt does', async () => {
    await scan(page, '0.750*2000000000015', 'RICE-LOOSE');
    const qty = line(page, 'RICE-LOOSE').getByTestId('cart-line-qty');
    expect(await qty.textContent()).toBe('0.750 kg');
  });

  it('F8’s approval says how many and how much is voided', async () => {
    await scan(page, '2*4800007001224', 'PANCIT-CANTON');
    await page.keyboard.press('F8');
    await page.getByTestId('approval-input').waitFor(UI_WAIT);
    expect(await page.getByTestId('approval').textContent()).toContain('Void Lucky Me! Pancit Canton 60 g (2 × ₱15.00, ₱30.00): manager PIN');
    await page.keyboard.press('Escape');
  });

  it('one line holds at most 1,000,000, as the doc says: 1000000* is taken, one more is refused with that number', async () => {
    await typeAtCounter(page, '1000000*4800007009732');
    await waitForText(page, 'search-error', /^One line holds at most 1,000,000 of a product: Coca-Cola 1\.5 L stays at 1\.$/);
    await typeAtCounter(page, '10000000*4800007009732');
    await waitForText(page, 'search-error', /^A quantity is at most 1,000,000: check what was typed/);
    await typeAtCounter(page, '999999*4800007009732');
    await answerPrompt(page, 'large-quantity', '999,999');
    await waitForText(page, 'cart-line-qty', /^1,000,000$/);
  });

  it('a quantity past what one customer buys is typed again before it is rung up; Esc, or another number, leaves the cart as it was', async () => {
    await page.getByTestId('product-search').fill('');
    const before = (await storedCart(page))?.lines ?? [];
    const had = before.find((l) => l.sku === 'PANCIT-CANTON')?.qty ?? 0;
    await typeAtCounter(page, '1500*4800007001224');
    await page.getByTestId('large-quantity-input').waitFor(UI_WAIT);
    expect(await page.getByTestId('large-quantity').textContent()).toContain('1,500 × Lucky Me! Pancit Canton 60 g?');
    expect(await page.getByTestId('large-quantity').textContent()).toContain(
      'That is ₱22,500.00 on one line. Type 1,500 again to ring it up, or Esc',
    );
    await page.keyboard.type('150');
    await page.keyboard.press('Enter');
    await waitForText(page, 'large-quantity-error', /^Not the same: type 1,500 to ring it up/);
    await page.keyboard.press('Escape');
    await page.getByTestId('large-quantity-input').waitFor({ state: 'detached', ...UI_WAIT });
    expect((await storedCart(page))?.lines ?? []).toEqual(before);
    await typeAtCounter(page, '1500*4800007001224');
    await answerPrompt(page, 'large-quantity', '1500');
    await expect.poll(async () => (await storedCart(page))?.lines?.find((l) => l.sku === 'PANCIT-CANTON')?.qty, UI_WAIT).toBe(had + 1_500);

    // A small quantity that takes a line past the mark is asked about as the line's new total, once; then a scan adds one.
    const sardines = async () => (await storedCart(page))?.lines?.find((l) => l.sku === 'SARDINES-555')?.qty ?? 0;
    const onLine = await sardines();
    expect(onLine).toBeLessThan(1_000);
    await typeAtCounter(page, `${1_000 - onLine}*4800007001965`);
    await page.getByTestId('large-quantity-input').waitFor(UI_WAIT);
    expect(await page.getByTestId('large-quantity').textContent()).toContain('1,000 × 555 Sardines in Tomato Sauce 155 g?');
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    await expect.poll(sardines, UI_WAIT).toBe(1_000);
    await typeAtCounter(page, '4800007001965');
    await expect.poll(sardines, UI_WAIT).toBe(1_001);
    expect(await page.getByTestId('large-quantity-input').count()).toBe(0);
  });

  it('two scans back to back, the second typed while the first is looked up, are two items (the second was lost)', async () => {
    const qtyOf = async (sku: string) => (await storedCart(page))?.lines?.find((l) => l.sku === sku)?.qty ?? 0;
    const [sardines, pancit] = [await qtyOf('SARDINES-555'), await qtyOf('PANCIT-CANTON')];
    // The first lookup answers late, as on a busy till: the second scan comes in meanwhile.
    let delayed = false;
    await page.route('**/api/searchProducts', async (route) => {
      if (!delayed) {
        delayed = true;
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
      await route.continue();
    });
    try {
      await page.getByTestId('product-search').focus();
      await page.keyboard.type('4800007001965');
      await page.keyboard.press('Enter');
      await page.keyboard.type('4800007001224');
      await page.keyboard.press('Enter');
      await expect.poll(() => qtyOf('SARDINES-555'), UI_WAIT).toBe(sardines + 1);
      await expect.poll(() => qtyOf('PANCIT-CANTON'), UI_WAIT).toBe(pancit + 1);
      expect(await page.getByTestId('search-error').count()).toBe(0);
    } finally {
      // Waiting for a lookup still held (a search typed meanwhile): unrouted under it, its continue() found the route
      // handled already, an unhandled rejection after every test passed (seen once in CI).
      await page.unrouteAll({ behavior: 'wait' });
    }
  });
});
