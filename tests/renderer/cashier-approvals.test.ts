import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';
import { answerPrompt, enterManagerPin, holdCart, scanByKeys, SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { saveScreen } from '../support/browser/screens';

/** The approvals the core recorded in the terminal's SQLite. */
function approvals(rig: CashierRig): { action: string; manager_code: string; cashier_code: string; amount_minor: number; cart_key: string }[] {
  const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
  try {
    return db.prepare('SELECT action, manager_code, cashier_code, amount_minor, cart_key FROM approvals ORDER BY approved_at').all() as ReturnType<
      typeof approvals
    >;
  } finally {
    db.close();
  }
}

describe('discounts, voids and held carts, with a manager’s PIN where the settings ask for one', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => ({ rig, page } = await openSignedInTill()));
  afterAll(() => closeTill(rig, page));

  it('a 20% cart discount is above the 10% limit: a cashier’s PIN will not do, the manager’s does; the lines carry it to the back office', async () => {
    await scanByKeys(page, '4800007009732', 'COKE-1_5L');
    await scanByKeys(page, '4800007001965', 'SARDINES-555');
    await page.keyboard.press('F4');
    await answerPrompt(page, 'discount', '20%');
    const logged = page.waitForEvent('console', { predicate: (m) => m.text() === 'refused at the counter: not_allowed', ...UI_WAIT });
    await enterManagerPin(page, '1111');
    await waitForText(page, 'approval-error', /is not a manager/);
    await logged;
    expect(await page.getByTestId('approval-error').textContent()).not.toMatch(/not_allowed/);
    await enterManagerPin(page, '9999');
    // 85.00 + 24.50 = 109.50, less 20% = 21.90
    await waitForText(page, 'cart-discount', /₱21\.90/);
    await waitForText(page, 'cart-total', /^₱87\.60$/);
    // Two dialogs in a row (the discount, then the PIN): the scan field has the focus again, untouched by the test.
    await page.getByTestId('approval').waitFor({ state: 'detached', ...UI_WAIT });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'product-search', undefined, UI_WAIT);
    await page.keyboard.press('F2');
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await waitForText(page, 'receipt-change', /^₱12\.40$/);
    const localNumber = (await page.getByTestId('receipt-local-number').textContent()) ?? '';
    const sale = await rig.core.getSale({ id: localNumber });
    expect(sale?.totalMinor).toBe(8_760);
    expect(sale?.lines.map((l) => l.discountMinor)).toEqual([1_700, 490]);
    expect(approvals(rig)).toEqual([
      expect.objectContaining({ action: 'discount', manager_code: 'mario', cashier_code: 'ana', amount_minor: 2_190, cart_key: sale?.cartKey }),
    ]);
    await waitForText(page, 'receipt-invoice-number', /^INV-/, SYNC_WAIT);
    const serverLines = await rig.backOffice.store.db
      .selectFrom('sale_lines')
      .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
      .select(['sale_lines.discount_minor', 'sales.total_minor'])
      .where('sales.local_number', '=', localNumber)
      .execute();
    expect(serverLines.map((l) => l.discount_minor)).toEqual([1_700, 490]);
    expect(serverLines[0]?.total_minor).toBe(8_760);
    await page.keyboard.press('Enter');
  });

  it('voiding a line and then the whole cart asks for the manager; Esc keeps the line', async () => {
    await scanByKeys(page, '4800007009732', 'COKE-1_5L');
    await scanByKeys(page, '4800007001224', 'PANCIT-CANTON');
    await page.keyboard.press('F8');
    await page.getByTestId('approval-input').waitFor(UI_WAIT);
    // The page behind the PIN dialog is out of reach: Tab never lands on the search field, the
    // status bar's links or the cart, so a scan made meanwhile adds nothing.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const at = document.activeElement;
        return at === null || at === document.body || at.closest('dialog') !== null;
      });
      expect(focused).toBe(true);
    }
    await page.getByTestId('approval-input').focus();
    await page.keyboard.type('4800007001965');
    await page.keyboard.press('Enter');
    await waitForText(page, 'approval-error', /^A PIN is 4 to 8 digits\.$/);
    expect(await page.locator('[data-testid="cart-line"][data-sku="SARDINES-555"]').count()).toBe(0);
    await saveScreen(page, 'manager-pin-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('approval').waitFor({ state: 'detached', ...UI_WAIT });
    expect(await page.getByTestId('cart-line').count()).toBe(2);
    await page.keyboard.press('F8');
    await enterManagerPin(page, '9999');
    await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor({ state: 'detached', ...UI_WAIT });
    // As a cashier would: the approval closes before the next key (F9 into a closing dialog is lost).
    await page.getByTestId('approval').waitFor({ state: 'detached', ...UI_WAIT });
    await page.keyboard.press('F9');
    await enterManagerPin(page, '9999');
    await page
      .getByTestId('cart-line')
      .first()
      .waitFor({ state: 'detached', ...UI_WAIT });
    expect(approvals(rig).map((a) => [a.action, a.manager_code, a.amount_minor])).toEqual([
      ['discount', 'mario', 2_190],
      ['void_line', 'mario', 1_500],
      ['void_cart', 'mario', 8_500],
    ]);
  });

  it('a held cart survives a reload and comes back with its key: paying it is that same sale', async () => {
    await scanByKeys(page, '4800007001965', 'SARDINES-555');
    const heldKey = await page.evaluate(async () => {
      const request = indexedDB.open('counter-cashier');
      const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
      const get = db.transaction('carts').objectStore('carts').get('current');
      return new Promise<string>((resolve) => (get.onsuccess = () => resolve((get.result as { cartKey: string }).cartKey)));
    });
    await holdCart(page);
    await scanByKeys(page, '4800007009732', 'COKE-1_5L');
    await page.reload();
    await page.locator('[data-testid="cart-line"][data-sku="COKE-1_5L"]').waitFor(UI_WAIT);
    await page.keyboard.press('F7');
    await page.locator(`[data-testid="held-cart"][data-cart-key="${heldKey}"]`).waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="SARDINES-555"]').waitFor(UI_WAIT);
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    const localNumber = (await page.getByTestId('receipt-local-number').textContent(UI_WAIT)) ?? '';
    expect((await rig.core.getSale({ id: localNumber }))?.cartKey).toBe(heldKey);
    await page.keyboard.press('Enter');
    // The cart rung up meanwhile was held in its place.
    await page.keyboard.press('F7');
    await page.getByTestId('held-cart').first().waitFor(UI_WAIT);
    expect(await page.getByTestId('held-cart').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('offline: the banner names the cause and counts the sales waiting; they go once the back office is back', async () => {
    await rig.proxy.down();
    await waitForText(page, 'offline-banner', /Offline: the back office does not answer/, SYNC_WAIT);
    await scanByKeys(page, '4800007001224', 'PANCIT-CANTON');
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
    await waitForText(page, 'offline-pending', /^1 waiting to be sent$/);
    await saveScreen(page, 'offline-banner');
    await rig.proxy.up();
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', ...SYNC_WAIT });
    await waitForText(page, 'receipt-invoice-number', /^INV-/, SYNC_WAIT);
  });

  it('a cart discounted 100% is paid at ₱0.00: F2, Enter records it with no money taken, and the back office has it', async () => {
    await scanByKeys(page, '4800007009732', 'COKE-1_5L');
    await page.keyboard.press('F4');
    await answerPrompt(page, 'discount', '100%');
    await enterManagerPin(page, '9999');
    await waitForText(page, 'cart-total', /^₱0\.00$/);
    await page.getByTestId('approval').waitFor({ state: 'detached', ...UI_WAIT });
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    await waitForText(page, 'receipt-change', /^₱0\.00$/);
    const localNumber = (await page.getByTestId('receipt-local-number').textContent()) ?? '';
    const sale = await rig.core.getSale({ id: localNumber });
    expect(sale).toMatchObject({ totalMinor: 0, paidMinor: 0 });
    await waitForText(page, 'receipt-invoice-number', /^INV-/, SYNC_WAIT);
    const stored = await rig.backOffice.store.db
      .selectFrom('sales')
      .select(['total_minor', 'paid_minor'])
      .where('local_number', '=', localNumber)
      .execute();
    expect(stored.map((s) => [Number(s.total_minor), Number(s.paid_minor)])).toEqual([[0, 0]]);
    await page.keyboard.press('Enter');
  });

  it('found by a walk: the manager is asked for the cart’s discounts together, each kind said (not a sum the cashier never typed)', async () => {
    await page.getByTestId('receipt-local-number').waitFor({ state: 'detached', ...UI_WAIT });
    await scanByKeys(page, '4800007009732', 'COKE-1_5L');
    await scanByKeys(page, '4800007001965', 'SARDINES-555');
    // ₱8.50 off the sardines: under the 10% of ₱109.50, no PIN.
    await page.keyboard.press('F3');
    await answerPrompt(page, 'discount', '8.50');
    await waitForText(page, 'cart-discount', /₱8\.50/);
    // ₱5.00 more on the cart: ₱13.50 in all is over the limit.
    await page.keyboard.press('F4');
    await answerPrompt(page, 'discount', '5.00');
    await page.getByTestId('approval-input').waitFor(UI_WAIT);
    expect(await page.getByTestId('approval').textContent()).toContain(
      'Discounts of ₱13.50 on this sale (₱8.50 on lines + ₱5.00 on the cart): manager PIN',
    );
    await page.keyboard.press('9');
    await page.keyboard.type('999');
    await page.keyboard.press('Enter');
    await waitForText(page, 'cart-discount', /₱13\.50/);
    await page.getByTestId('approval').waitFor({ state: 'detached', ...UI_WAIT });
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
  });
});
