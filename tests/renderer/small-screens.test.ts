import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payTheRest, scan, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, SHELF, type CashierRig } from '../support/browser/cashier-rig';
import { MANAGER_PIN } from '../support/browser/manager-rig';
import { putCompleteInvoiceProfile } from '../support/invoice-profile';
import { adminPost } from '../support/stock-documents';
import { waitFor as waitUntil } from '../support/terminal';

/** Long names, as a sari-sari store's catalog has: they wrap in the cart's narrow column. */
const MORE = [
  { sku: 'MILK-SWEET', name: 'Alaska Sweetened Condensed Creamer 300 ml', priceMinor: 4_600, barcode: '4800007006779' },
  { sku: 'SOAP-BAR', name: 'Safeguard Pure White Antibacterial Bar Soap 60 g', priceMinor: 3_200, barcode: '4800007012343' },
  { sku: 'CUP-NOODLES', name: 'Nissin Cup Noodles Seafood Flavour 60 g', priceMinor: 2_800, barcode: '4800007014569' },
  { sku: 'LAUNDRY-BAR', name: 'Surf Laundry Bar with Fabric Conditioner 380 g', priceMinor: 3_500, barcode: '4800007015672' },
];
const LINES = [...SHELF.filter((p) => p.soldBy === 'piece'), ...MORE];

/** The window's own size: no page wider than it (a counter's touchscreen has no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));

/** Whether an element is wholly inside the window, as it is shown now (nothing scrolled). */
async function inWindow(page: Page, testId: string): Promise<{ inside: boolean; box: string }> {
  return page
    .getByTestId(testId)
    .first()
    .evaluate((element) => {
      const r = element.getBoundingClientRect();
      const inside = r.width > 0 && r.left >= -1 && r.top >= -1 && r.right <= window.innerWidth + 1 && r.bottom <= window.innerHeight + 1;
      return { inside, box: `${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}` };
    });
}

async function expectInWindow(page: Page, ...testIds: string[]): Promise<void> {
  for (const testId of testIds) {
    const { inside, box } = await inWindow(page, testId);
    expect(inside, `${testId} at ${box}`).toBe(true);
  }
}

async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await overflow(page);
  expect({ where, scrollWidth }).toEqual({ where, scrollWidth: Math.min(scrollWidth, clientWidth) });
}

/**
 * Many shops' counters are 1024x768 touchscreens (some 800x600), others a laptop's 1366x768.
 * Found by walks: from the fourth line of a sale on at 1024x768, from the seventh at 1366x768,
 * the cart's total and the Pay button were below the window (the page ran on under them). The
 * sale screen now fills the window at every size, its lines scrolling in the cart.
 */
describe("the till on a counter's screens, from 800x600 to 1920x1080, in Chromium", () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openSignedInTill(async (till) => {
      const bo = till.backOffice;
      for (const product of MORE) {
        const answer = await bo.app.inject({
          method: 'PUT',
          url: `/v1/admin/products/${product.sku}`,
          headers: bo.adminHeaders(),
          payload: { businessCode: 'MAIN', taxCode: 'VAT12', soldBy: 'piece', ...product },
        });
        if (answer.statusCode !== 200) throw new Error(`seeding ${product.sku}: ${answer.statusCode} ${answer.body}`);
      }
      // A shop's till as the demo sets it up: its invoice details complete and a shift open (no notices above the counter).
      const terminal = await bo.store.db.selectFrom('terminals').select('id').executeTakeFirstOrThrow();
      await putCompleteInvoiceProfile(bo, terminal.id);
      await till.core.signIn({ pin: MANAGER_PIN });
      await till.core.openShift({ floatMinor: 200_000, approval: { managerPin: MANAGER_PIN } });
      await till.core.signIn({ pin: '1111' });
      await waitUntil(async () => (await till.core.searchProducts({ query: 'CUP-NOODLES' })).length === 1, 'the catalog to reach the till');
      await waitUntil(async () => (await till.core.getStatus()).invoiceDetailsMissing.length === 0, 'the invoice details to reach the till');
    }));
  });
  afterAll(() => closeTill(rig, page));

  for (const [width, height] of [
    [1366, 768],
    [1280, 800],
    [1920, 1080],
    [1024, 768],
    [800, 600],
  ] as const) {
    it(`${width}x${height}: with ${LINES.length} lines the total, the amount and Pay stay in the window, the line just scanned too; no sideways scrolling`, async () => {
      await page.setViewportSize({ width, height });
      await expectNoSidewaysScroll(page, 'an empty counter');
      await expectInWindow(page, 'product-search', 'cart-total', 'cash-tendered', 'pay-button');
      for (const product of LINES) {
        await scan(page, product.barcode, product.sku);
        await expectInWindow(page, 'cart-total', 'pay-button');
        // The line just scanned is the one selected: its name in sight, not scrolled out of the cart's.
        const newest = page.locator(`[data-testid="cart-line"][data-sku="${product.sku}"]`);
        expect(await newest.getAttribute('aria-current')).toBe('true');
        expect(
          await newest.evaluate((line) => {
            const r = line.getBoundingClientRect();
            const list = line.parentElement!.getBoundingClientRect();
            return r.top >= list.top - 1 && r.top + 20 <= Math.min(list.bottom, window.innerHeight);
          }),
        ).toBe(true);
      }
      await waitForText(page, 'cart-items', new RegExp(`^${LINES.length} items$`));
      await expectNoSidewaysScroll(page, `${LINES.length} lines`);
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight)).toBe(true);
      await expectInWindow(page, 'product-search', 'cart-total', 'cash-tendered', 'pay-button');

      await page.keyboard.press('F2');
      await expectInWindow(page, 'cash-tendered', 'change-due', 'pay-button');
      // Paid with a ₱1,000 bill. The receipt: its numbers at the top, its Next customer (Enter) in sight, and beside it
      // the change to hand over (found by a walk: at 1366x768 the change was under Next customer, below the fold).
      await page.keyboard.type('1000');
      await page.keyboard.press('Enter');
      await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
      await expectInWindow(page, 'receipt-local-number', 'till-change', 'next-customer');
      expect(await page.getByTestId('till-settlement').textContent()).toMatch(
        /^Amount due ₱[\d,]+\.\d\d · Received ₱1,000\.00 · Change ₱[\d,]+\.\d\d$/,
      );
      await expectNoSidewaysScroll(page, 'the receipt');
      await page.keyboard.press('Enter');
      await page.getByTestId('receipt-local-number').waitFor({ state: 'detached', ...UI_WAIT });
      // Found by a walk: a reprint (F5, Enter) opened scrolled to its foot, its numbers out of sight.
      await page.keyboard.press('F5');
      await page.keyboard.press('Enter');
      await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
      await expectInWindow(page, 'receipt-local-number', 'next-customer');
      await page.keyboard.press('Enter');
      await page.getByTestId('receipt-local-number').waitFor({ state: 'detached', ...UI_WAIT });
    });
  }

  it('800x600 offline: the status bar and the offline banner leave the cart room for its lines; the total and Pay stay in the window', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await rig.proxy.down();
    try {
      await page.getByTestId('offline-banner').waitFor(UI_WAIT);
      for (const product of LINES.slice(0, 4)) {
        await scan(page, product.barcode, product.sku);
        await expectInWindow(page, 'cart-total', 'pay-button');
        const newest = page.locator(`[data-testid="cart-line"][data-sku="${product.sku}"]`);
        // The line just scanned is wholly in sight in the cart.
        expect(
          await newest.evaluate((line) => {
            const r = line.getBoundingClientRect();
            const list = line.parentElement!.getBoundingClientRect();
            return r.top >= list.top - 1 && r.bottom <= list.bottom + 1;
          }),
          product.sku,
        ).toBe(true);
      }
      await payTheRest(page);
      await expectInWindow(page, 'next-customer');
      await page.keyboard.press('Enter');
      await page.getByTestId('receipt-local-number').waitFor({ state: 'detached', ...UI_WAIT });
    } finally {
      await rig.proxy.up();
    }
  });

  it('1024x768: the manager’s screens (sync queue, refund, shift and its X reading, stock, till) have no sideways scrolling and their buttons are in reach', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const sold = (await rig.core.listSales({ limit: 1 }))[0]!.localNumber;
    await adminPost(rig.backOffice, '/v1/stock-counts', { storeCode: 'MAIN', startedBy: 'Liza' });
    await page.goto(`${rig.url}/#/manager`);
    await page.getByTestId('manager-gate-pin').waitFor(UI_WAIT);
    await page.getByTestId('manager-gate-pin').fill(MANAGER_PIN);
    await page.getByTestId('manager-gate-pin').press('Enter');
    await page.getByTestId('queue-screen').waitFor(UI_WAIT);
    await expectNoSidewaysScroll(page, 'sync queue');
    await expectInWindow(page, 'manager-tab-till', 'queue-export', 'to-cashier');

    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sold);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    await expectNoSidewaysScroll(page, 'refund');
    await page.getByTestId('refund-submit').scrollIntoViewIfNeeded();
    await expectInWindow(page, 'refund-submit');

    await page.getByTestId('manager-tab-shift').click();
    await page.getByTestId('shift-x-report').click();
    await page.getByTestId('shift-print').waitFor(UI_WAIT);
    await expectNoSidewaysScroll(page, 'shift with its X reading');
    for (const button of ['shift-close', 'shift-close-only', 'shift-print']) {
      await page.getByTestId(button).scrollIntoViewIfNeeded();
      await expectInWindow(page, button);
    }

    await page.getByTestId('manager-tab-stock').click();
    await page.getByTestId('stock-refresh').click();
    await page.getByTestId('count-code').waitFor(UI_WAIT);
    await expectNoSidewaysScroll(page, 'stock');
    await expectInWindow(page, 'stock-refresh', 'count-code');

    await page.getByTestId('manager-tab-till').click();
    await page.getByTestId('till-pair-form').waitFor(UI_WAIT);
    await expectNoSidewaysScroll(page, 'till');
    await expectInWindow(page, 'till-pair-submit', 'till-unpair');
  });
});
