import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessClock } from '../../terminal/invoicing/document-dates';
import { holdCart, payCash, scan, UI_WAIT } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';

/**
 * A till's PC whose clock is set to another time zone than the shop's (a fresh install left
 * on UTC, a laptop brought from abroad): the screens say times as the printed invoice does,
 * on the business's clock (Asia/Manila here), never the machine's.
 */
describe('times on the screens are the shop’s clock, whatever the machine’s time zone', () => {
  let rig: CashierRig;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    let first: Page;
    ({ rig, page: first } = await openSignedInTill());
    await first.close();
    // Los Angeles is 16 hours behind Manila: a time in the machine's zone cannot pass for the shop's.
    context = await rig.browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: 'America/Los_Angeles' });
    page = await context.newPage();
    await page.goto(rig.url);
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await context?.close();
    await closeTill(rig, undefined);
  });

  it('a sale in the recent sales and a held cart in F7’s list are timed on the shop’s clock', async () => {
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
    expect((await rig.core.getStatus()).timeZone).toBe('Asia/Manila');

    await scan(page, '4800007001224', 'PANCIT-CANTON');
    const receipt = await payCash(page, '100');
    const [sale] = await rig.core.listSales({ limit: 1 });
    expect(sale?.localNumber).toBe(receipt);
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: new RegExp(`^Open the receipt of ${receipt} `) }) });
    await row.waitFor(UI_WAIT);
    expect(await row.getByTestId('recent-sale-time').textContent()).toBe(businessClock(sale!.occurredAt, 'Asia/Manila'));
    expect(businessClock(sale!.occurredAt, 'Asia/Manila')).not.toBe(businessClock(sale!.occurredAt, 'America/Los_Angeles'));

    await scan(page, '4800007001224', 'PANCIT-CANTON');
    const heldFrom = Date.now();
    await holdCart(page);
    await page.keyboard.press('F7');
    const shown = await page.getByTestId('held-cart-time').first().textContent(UI_WAIT);
    const around = [heldFrom - 60_000, heldFrom, Date.now()].map((ms) => businessClock(new Date(ms).toISOString(), 'Asia/Manila'));
    expect(around).toContain(shown);
    await page.keyboard.press('Escape');
  });
});
