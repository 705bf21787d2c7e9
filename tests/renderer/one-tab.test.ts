import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRendererForTest } from '../support/browser/renderer';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { payCash, scanByKeys, UI_WAIT } from '../support/browser/cashier-page';

/** A page of the till in this browser's profile (one context: tabs share IndexedDB and Web Locks). */
async function openTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  return page;
}

describe('the till in one tab of the web host', () => {
  let rig: CashierRig;
  let context: BrowserContext;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest());
    context = await rig.browser.newContext({ viewport: { width: 1280, height: 860 } });
  });
  afterAll(async () => {
    await context?.close();
    await rig?.close();
  });

  it('a second tab says the till is open in the first and shows no cart; taking it over moves the cart, and the first tab gives it up', async () => {
    const first = await openTab(context, rig.url);
    await first.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    await scanByKeys(first, '4800007001224', 'PANCIT-CANTON');

    // A second tab (a bookmark opened again, a tab duplicated) would ring into the same cart.
    const second = await openTab(context, rig.url);
    await second.getByRole('alert').filter({ hasText: 'The till is open in another tab' }).waitFor(UI_WAIT);
    expect(await second.getByTestId('product-search').count()).toBe(0);
    expect(await second.getByTestId('cart-line').count()).toBe(0);
    // The first keeps selling meanwhile.
    expect(await first.getByTestId('product-search').count()).toBe(1);

    // A double click (found by a review: the second steal undid the first's answer) takes the till once.
    await second.getByRole('button', { name: 'Use the till here instead' }).dblclick();
    await second.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor(UI_WAIT);
    await first.getByRole('alert').filter({ hasText: 'The till is open in another tab' }).waitFor(UI_WAIT);
    expect(await first.getByTestId('product-search').count()).toBe(0);

    // The cart goes on in the tab that has the till, and is sold once.
    await second.keyboard.press('F2');
    const localNumber = await payCash(second, '100');
    expect(localNumber).not.toBe('');
    const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
    expect(db.prepare('SELECT local_number FROM sales').pluck().all()).toEqual([localNumber]);
    db.close();

    // A tab closed lets the lock go: the tab left has the till at once (found by a probe), and so has a tab opened afterwards.
    await second.close();
    await first.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    expect(await first.getByTestId('product-search').count()).toBe(1);
    await first.close();
    const third = await openTab(context, rig.url);
    await third.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    await third.close();
  });
});
