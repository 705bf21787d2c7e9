import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payCash, scan, UI_WAIT } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';

/**
 * Found by a screen-reader probe (finding 7): state shown only by a CSS
 * class, fields named by a placeholder, buttons named alike in every row, nothing announced.
 * Each scenario asserts on what a screen reader is given: roles, names, states, the focus, and
 * the live region's words. Each opens its own page (its own cart store), so none leans on another.
 */

/** Whether the element has the keyboard: what a screen reader reads out. */
const hasFocus = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/** What the counter's live region says, once it says `wanted`. */
const said = (page: Page, wanted: RegExp) => page.getByRole('status').filter({ hasText: wanted }).waitFor(UI_WAIT);

/** The one dialog on screen: named, modal; nothing else is a dialog (no dialog inside a dialog). */
async function theOneDialog(page: Page, name: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name, exact: true });
  await dialog.waitFor(UI_WAIT);
  expect(await page.getByRole('dialog').count()).toBe(1);
  expect(await dialog.getAttribute('aria-modal')).toBe('true');
  return dialog;
}

describe('a cashier with a screen reader at the counter', () => {
  let rig: CashierRig;
  let first: Page;

  beforeAll(async () => {
    ({ rig, page: first } = await openSignedInTill());
  });
  afterAll(() => closeTill(rig, first));

  /** A counter of its own: a new browser context, so an empty cart and no held carts. */
  async function freshCounter(): Promise<Page> {
    const page = await rig.openCashierPage();
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    return page;
  }

  it('hears the scan field’s name, each item added, the line PageUp chooses (marked current), and a void', async () => {
    const page = await freshCounter();
    const scanField = page.getByRole('textbox', { name: 'Scan or search products', exact: true });
    expect(await scanField.count()).toBe(1);
    expect(await hasFocus(scanField)).toBe(true);

    await scan(page, '4800007009732', 'COKE-1_5L');
    await said(page, /^Added Coca-Cola 1\.5 L: ₱85\.00\.$/);
    // The same product again is a new sentence, so it is read out again.
    await scan(page, '4800007009732', 'COKE-1_5L');
    await said(page, /^Added Coca-Cola 1\.5 L: ₱85\.00\. 2 on the line\.$/);
    await scan(page, '4800007001224', 'PANCIT-CANTON');
    await said(page, /^Added Lucky Me! Pancit Canton 60 g: ₱15\.00\.$/);

    const cart = page.getByRole('region', { name: 'Cart' });
    const current = cart.getByRole('listitem').and(page.locator('[aria-current="true"]'));
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toContain('Lucky Me! Pancit Canton 60 g');
    await page.keyboard.press('PageUp');
    await said(page, /^Selected: Coca-Cola 1\.5 L, 2 × ₱85\.00\.$/);
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toContain('Coca-Cola 1.5 L');

    await page.keyboard.press('F8');
    const approval = await theOneDialog(page, 'Manager approval');
    const pin = approval.getByRole('textbox', { name: /^Void Coca-Cola 1\.5 L \(2 × ₱85\.00, ₱170\.00\): manager PIN$/ });
    expect(await hasFocus(pin)).toBe(true);
    await page.keyboard.type(MANAGER_PIN);
    await page.keyboard.press('Enter');
    await said(page, /^Voided Coca-Cola 1\.5 L: ₱170\.00\.$/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await hasFocus(scanField)).toBe(true);
    await page.close();
  });

  it('F7: one named modal dialog whose list has the keys, its chosen cart the selected option read out as ↑ ↓ move it', async () => {
    const page = await freshCounter();
    await scan(page, '4800007009732', 'COKE-1_5L');
    await page.keyboard.press('F6');
    await said(page, /^Cart held \(1 item\): F7 brings it back\.$/);
    await scan(page, '4800007001965', 'SARDINES-555');
    await scan(page, '4800007001224', 'PANCIT-CANTON');
    await page.keyboard.press('Shift+F6');
    const naming = await theOneDialog(page, 'Hold this cart');
    expect(await hasFocus(naming.getByRole('textbox', { name: /^A name to find it by/ }))).toBe(true);
    await page.keyboard.type('lady in red');
    await page.keyboard.press('Enter');
    await said(page, /^Cart held as “lady in red” \(2 items\): F7 brings it back\.$/);

    await page.keyboard.press('F7');
    const dialog = await theOneDialog(page, 'Held carts');
    const list = dialog.getByRole('listbox', { name: 'Held carts' });
    // Oldest first: the one-item cart is chosen, and the list (not the dialog around it) has the keys.
    const chosen = list.getByRole('option', { selected: true, name: /1 item ₱85\.00$/ });
    await chosen.waitFor(UI_WAIT);
    expect(await list.getByRole('option', { selected: true }).count()).toBe(1);
    expect(await hasFocus(list)).toBe(true);
    expect(await list.getAttribute('aria-activedescendant')).toBe(await chosen.getAttribute('id'));

    await page.keyboard.press('ArrowDown');
    const named = list.getByRole('option', { selected: true, name: /lady in red 2 items ₱39\.50$/ });
    await named.waitFor(UI_WAIT);
    expect(await list.getByRole('option', { selected: true }).count()).toBe(1);
    expect(await hasFocus(list)).toBe(true);
    expect(await list.getAttribute('aria-activedescendant')).toBe(await named.getAttribute('id'));

    await page.keyboard.press('Enter');
    await said(page, /^Cart back on the counter \(“lady in red”\): 2 items\.$/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await hasFocus(page.getByRole('textbox', { name: 'Scan or search products' }))).toBe(true);
    await page.close();
  });

  it('each recent sale is a button naming the receipt it opens; F5, ↓ and Enter open the one reached', async () => {
    const page = await freshCounter();
    await scan(page, '4800007009732', 'COKE-1_5L');
    const coke = await payCash(page, '100');
    await page.keyboard.press('Enter');
    await scan(page, '4800007001224', 'PANCIT-CANTON');
    const pancit = await payCash(page, '20');
    await page.keyboard.press('Enter');

    const recent = page.getByRole('region', { name: 'Recent sales' });
    const openCoke = recent.getByRole('button', { name: `Open the receipt of ${coke} (₱85.00)`, exact: true });
    const openPancit = recent.getByRole('button', { name: `Open the receipt of ${pancit} (₱15.00)`, exact: true });
    await openCoke.waitFor(UI_WAIT);
    await openPancit.waitFor(UI_WAIT);

    await page.keyboard.press('F5');
    expect(await hasFocus(openPancit)).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await hasFocus(openCoke)).toBe(true);
    await page.keyboard.press('Enter');
    const receipt = page.getByRole('region', { name: 'Sales invoice' });
    await receipt.getByText(coke, { exact: true }).waitFor(UI_WAIT);
    await page.close();
  });
});

describe('a manager with a screen reader at the desk', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startManagerRig(await buildRendererForTest());
    // The back office is away: the sales stay in the queue, with Retry and Void on their rows.
    await rig.plug.down();
    page = await rig.openManagerPage();
    await page.getByTestId('manager-gate-pin').fill(MANAGER_PIN);
    await page.getByTestId('manager-gate-pin').press('Enter');
    await page.getByTestId('queue-screen').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await page?.close();
    await rig?.close();
  });

  const desk = () => page.getByRole('navigation', { name: 'Manager' });

  it('the desk’s tab is marked current; the queue’s filters are tabs ("All 2") controlling the entries, whose buttons name their receipt', async () => {
    expect(await desk().getByRole('button', { name: 'Sync queue' }).getAttribute('aria-current')).toBe('page');
    expect(await desk().locator('[aria-current]').count()).toBe(1);
    const first = await rig.sell();
    const second = await rig.sell();

    const all = page.getByRole('tab', { name: 'All 2', exact: true, selected: true });
    await all.waitFor(UI_WAIT);
    const entries = page.getByRole('tabpanel', { name: 'All 2', exact: true });
    expect(await entries.getAttribute('id')).toBe(await all.getAttribute('aria-controls'));
    for (const sale of [first, second]) {
      await entries.getByRole('button', { name: `Retry ${sale.localNumber} now`, exact: true }).waitFor(UI_WAIT);
      expect(await entries.getByRole('button', { name: `Void ${sale.localNumber}…`, exact: true }).count()).toBe(1);
    }

    // A tab list's keys: → shows the next filter, which has the keyboard and names the panel.
    await all.focus();
    await page.keyboard.press('ArrowRight');
    const pending = page.getByRole('tab', { name: /^Pending \d+$/, selected: true });
    await pending.waitFor(UI_WAIT);
    expect(await hasFocus(pending)).toBe(true);
    expect(await page.getByRole('tab', { selected: true }).count()).toBe(1);
    expect(await page.getByRole('tabpanel', { name: /^Pending \d+$/ }).count()).toBe(1);
  });

  it('a refund’s quantity fields are named by their item; the sale found and what they give back are read out', async () => {
    const sale = await rig.sell([
      { sku: 'PANCIT-CANTON', name: 'Lucky Me! Pancit Canton 60 g', qty: 1, unitPriceMinor: 1_500, taxCode: 'VAT12' },
      { sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' },
    ]);
    await desk().getByRole('button', { name: 'Refund' }).click();
    expect(await desk().getByRole('button', { name: 'Refund' }).getAttribute('aria-current')).toBe('page');
    expect(await desk().locator('[aria-current]').count()).toBe(1);

    await page.getByRole('textbox', { name: 'Receipt or invoice number' }).fill(sale.localNumber);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^Sale ${sale.localNumber} .* · ₱64\\.00$`) })
      .waitFor(UI_WAIT);

    const pancit = page.getByRole('spinbutton', { name: 'Give back how many Lucky Me! Pancit Canton 60 g', exact: true });
    const sardines = page.getByRole('spinbutton', { name: 'Give back how many 555 Sardines 155 g', exact: true });
    await pancit.waitFor(UI_WAIT);
    expect(await sardines.count()).toBe(1);
    await sardines.fill('1');
    const givesBack = page.locator('[aria-live="polite"]').filter({ hasText: /^Gives back ₱24\.50$/ });
    await givesBack.waitFor(UI_WAIT);
    await pancit.fill('1');
    await page
      .locator('[aria-live="polite"]')
      .filter({ hasText: /^Gives back ₱39\.50$/ })
      .waitFor(UI_WAIT);
  });
});
