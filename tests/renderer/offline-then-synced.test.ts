import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, invoiceSeriesValues } from '../support/back-office';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { payCash, scan, SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

describe('a cashier in Chromium, with the back office down', () => {
  let rig: CashierRig;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest());
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('rings up 3 sales offline; once the back office is back they carry gapless invoice numbers', async () => {
    const page = await rig.openCashierPage();
    await page.locator('[data-testid="product-result"][data-sku="SARDINES-555"]').waitFor(UI_WAIT);
    await rig.proxy.down();

    const receipts: string[] = [];
    for (const tendered of ['50', '100', '200']) {
      await scan(page, 'pancit', 'PANCIT-CANTON');
      await scan(page, '4800007001965', 'SARDINES-555');
      receipts.push(await payCash(page, tendered));
      expect(await page.getByTestId('receipt-invoice-number').textContent()).toMatch(/pending/);
      await page.getByTestId('next-customer').click();
    }
    expect(new Set(receipts).size).toBe(3);
    expect(await waitForText(page, 'status-connection', /Offline: back office unreachable/)).toBeTruthy();
    expect(await waitForText(page, 'status-pending', /^3 pending$/)).toBeTruthy();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'offline-3-pending.png'), fullPage: true });
    expect(await countRows(rig.backOffice.store, 'sales')).toBe(0);

    await rig.proxy.up();
    await waitForText(page, 'status-pending', /^0 pending$/, SYNC_WAIT);
    await waitForText(page, 'status-connection', /^Online$/, SYNC_WAIT);
    await page.waitForFunction(
      () => {
        const cells = [...document.querySelectorAll('[data-testid="recent-sale-invoice"]')].map((c) => c.textContent ?? '');
        return cells.length === 3 && cells.every((text) => /^INV-\d{6}-\d{4,}$/.test(text));
      },
      undefined,
      SYNC_WAIT,
    );
    await page.getByTestId('recent-sale').first().click();
    expect(await waitForText(page, 'receipt-invoice-number', /^INV-/)).toMatch(/^INV-\d{6}-0003$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'offline-then-synced.png'), fullPage: true });

    const store = rig.backOffice.store;
    expect(await countRows(store, 'sales')).toBe(3);
    expect(await invoiceSeriesValues(store)).toEqual([1, 2, 3]);
    const stored = await store.db.selectFrom('sales').select(['local_number', 'total_minor']).orderBy('series_value').execute();
    expect(stored.map((s) => s.local_number)).toEqual(receipts);
    expect(stored.map((s) => Number(s.total_minor))).toEqual([3_950, 3_950, 3_950]);
  });
});
