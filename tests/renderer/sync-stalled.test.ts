import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, invoiceSeriesValues } from '../support/back-office';
import type { TerminalDb } from '../../terminal/store/terminal-db';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { payCash, scan, SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';

describe('a cashier in Chromium when the terminal database cannot be written', () => {
  let rig: CashierRig;
  let db: TerminalDb | null = null;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest(), {
      onDatabaseOpen: (opened) => {
        db = opened;
      },
    });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('the status bar says the sync is stalled and why, a payment is refused in words with the cart kept, and all resumes by itself', async () => {
    if (db === null) throw new Error('no database connection');
    const database: TerminalDb = db;
    const page = await rig.openCashierPage();
    await page.locator('[data-testid="product-result"][data-sku="SARDINES-555"]').waitFor(UI_WAIT);

    // A sale waits in the queue while the back office is away.
    await rig.proxy.down();
    await scan(page, '4800007001965', 'SARDINES-555');
    const first = await payCash(page, '50');
    await page.getByTestId('next-customer').click();

    // The database turns read-only; the back office returns: the worker cannot record anything.
    database.pragma('query_only = ON');
    try {
      await rig.proxy.up();
      expect(await waitForText(page, 'status-connection', /^Sync stalled: database read-only$/, SYNC_WAIT)).toBeTruthy();
      expect(await waitForText(page, 'stalled-banner', /Sales are not being sent: The terminal's database cannot be written/)).toBeTruthy();

      await scan(page, 'pancit', 'PANCIT-CANTON');
      await page.getByTestId('cash-tendered').fill('100');
      await page.getByTestId('pay-button').click();
      expect(await waitForText(page, 'pay-error', /cannot be written/)).toBeTruthy();
      // The cashier reads words; the code stays for diagnostics.
      expect(await page.getByTestId('pay-error').getAttribute('data-code')).toBe('storage_read_only');
      expect(await page.getByTestId('pay-error').textContent()).not.toContain('(storage_read_only)');
      // The cart is still there, to be paid again.
      expect(await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').count()).toBe(1);
    } finally {
      database.pragma('query_only = OFF');
    }

    await waitForText(page, 'status-connection', /^Online$/, SYNC_WAIT);
    await waitForText(page, 'status-pending', /^0 pending$/, SYNC_WAIT);
    const second = await payCash(page, '100');
    await waitForText(page, 'status-pending', /^0 pending$/, SYNC_WAIT);
    expect(second).not.toBe(first);
    expect(await countRows(rig.backOffice.store, 'sales')).toBe(2);
    expect(await invoiceSeriesValues(rig.backOffice.store)).toEqual([1, 2]);
  });
});
