import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdCart, payCash, scan, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';

/**
 * Found by a screen-reader probe (PROBE-FINDINGS.md, finding 7): state shown only by a CSS
 * class, fields named by a placeholder, buttons named alike in every row, nothing announced.
 */
describe('what the screens show, a screen reader can tell', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openSignedInTill());
  });
  afterAll(() => closeTill(rig, page));

  it('the scan field has a name of its own; an item added is announced; the selected line is marked', async () => {
    expect(
      await page
        .getByRole('combobox', { name: 'Scan or search products' })
        .or(page.getByRole('textbox', { name: 'Scan or search products' }))
        .count(),
    ).toBe(1);
    await scan(page, '4800007009732', 'COKE-1_5L');
    await waitForText(page, 'counter-notice', /^Added Coca-Cola 1\.5 L: ₱85\.00\.$/);
    await scan(page, '4800007001224', 'PANCIT-CANTON');
    const current = page.locator('[data-testid="cart-line"][aria-current="true"]');
    expect(await current.getAttribute('data-sku')).toBe('PANCIT-CANTON');
    await page.keyboard.press('PageUp');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="cart-line"][aria-current="true"]')?.getAttribute('data-sku') === 'COKE-1_5L',
    );
    await waitForText(page, 'counter-notice', /^Selected: Coca-Cola 1\.5 L, 1 × ₱85\.00\.$/);
  });

  it('a cart held is announced; F7’s list is a named modal dialog whose chosen cart is selected', async () => {
    await holdCart(page);
    await waitForText(page, 'counter-notice', /^Cart held \(2 items\): F7 brings it back\.$/);
    await page.keyboard.press('F7');
    const dialog = page.getByRole('dialog', { name: 'Held carts' });
    await dialog.waitFor(UI_WAIT);
    expect(await page.getByRole('dialog').count()).toBe(1);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    const chosen = page.getByRole('option', { selected: true });
    expect(await chosen.count()).toBe(1);
    expect(await page.getByRole('listbox', { name: 'Held carts' }).getAttribute('aria-activedescendant')).toBe(await chosen.getAttribute('id'));
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="COKE-1_5L"]').waitFor(UI_WAIT);
  });

  it('a recent sale and a queue row’s buttons say which one they are for', async () => {
    const number = await payCash(page, '100');
    await page.keyboard.press('Enter');
    const row = page.getByRole('row', { name: new RegExp(`^Open the receipt of ${number}`) });
    expect(await row.count()).toBe(1);
    await rig.proxy.down();
    await scan(page, '4800007001965', 'SARDINES-555');
    const pending = await payCash(page, '100');
    await page.keyboard.press('Enter');
    await page.goto(`${rig.url}/#/manager`);
    await page.getByTestId('manager-gate-pin').fill('9999');
    await page.getByTestId('manager-gate-pin').press('Enter');
    await page.getByTestId('queue-screen').waitFor(UI_WAIT);
    await page.getByRole('button', { name: `Retry ${pending} now` }).waitFor(UI_WAIT);
    expect(await page.getByRole('tab', { name: /^All \d+$/ }).getAttribute('aria-controls')).toBe('queue-entries');
    expect(await page.locator('#queue-entries').getAttribute('role')).toBe('tabpanel');
    expect(await page.getByRole('button', { name: 'Sync queue' }).getAttribute('aria-current')).toBe('page');
    await rig.proxy.up();
  });

  it('a refund’s quantity fields are named by their item, and what they give back is announced', async () => {
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill('T01-000001');
    await page.getByTestId('refund-lookup').press('Enter');
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    await page.getByRole('spinbutton', { name: 'Give back how many Coca-Cola 1.5 L' }).fill('1');
    expect(await page.getByTestId('refund-preview').locator('xpath=..').getAttribute('aria-live')).toBe('polite');
  });
});
