import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_WAIT } from '../support/browser/cashier-page';
import { MANAGER_PIN, openManagerDesk, type ManagerRig } from '../support/browser/manager-rig';
import { waitFor } from '../support/terminal';

/** Found by a screen-reader probe (PROBE-FINDINGS.md, finding 10): how a reading's figures read on screen. */
describe('an X or Z reading reads its figures as the rest of the till does', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openManagerDesk());
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('₱ everywhere, a minus sign for what is taken off, "Short" or "Over" said, and "Printed" only on paper', async () => {
    await rig.core.openShift({ floatMinor: 100_000, approval: { managerPin: MANAGER_PIN } });
    const sold = await rig.sell();
    await rig.core.refund({
      refundKey: 'wording-refund',
      saleId: sold.id,
      lines: [{ sku: 'SARDINES-555', qty: 1 }],
      reason: 'dented can',
      approval: { managerPin: MANAGER_PIN },
    });
    const { cartKey } = await rig.core.openCart();
    rig.faults.refuseKey(cartKey, { status: 400, code: 'validation_failed', detail: 'Refused for the test.' });
    const refused = await rig.core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 1, unitPriceMinor: 4_200, taxCode: 'VAT12' }],
      payments: [{ method: 'cash', amountMinor: 4_200 }],
    });
    await waitFor(
      async () => (await rig.core.queueItems({ state: 'needs_attention' })).some((i) => i.documentNumber === refused.localNumber),
      'the back office to refuse the sale',
    );
    const entry = (await rig.core.queueItems({ state: 'needs_attention' })).find((i) => i.documentNumber === refused.localNumber);
    await rig.core.voidQueueEntry({ id: entry?.id ?? '', reason: 'test sale', approval: { managerPin: MANAGER_PIN } });

    await page.getByTestId('manager-tab-shift').click();
    await page.getByTestId('shift-x-report').click();
    const x = page.getByTestId('shift-report-X');
    await x.waitFor(UI_WAIT);
    const rows = () => x.locator('.receipt-row').allInnerTexts();
    expect((await rows()).some((r) => /^Printed/.test(r))).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect((await rows()).some((r) => /^Printed/.test(r))).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await page.getByTestId('shift-counted').fill('1,000');
    await page.getByTestId('shift-close-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-close').click();
    await page.getByTestId('z-confirm-yes').click();
    const unsynced = page.getByTestId('shift-override-reason');
    if (await unsynced.isVisible().catch(() => false)) {
      await unsynced.fill('wording test');
      await page.getByTestId('shift-close').click();
    }
    const z = page.getByTestId('shift-report-Z');
    await z.waitFor(UI_WAIT);
    expect(await page.getByTestId('report-queue-voided').textContent()).toContain('1 sale(s), ₱42.00');
    expect(await page.getByTestId('report-refunds').textContent()).toBe('−₱24.50');
    const report = await rig.core.shiftReport({ shiftId: (await z.getAttribute('data-shift-id')) ?? '' });
    const overShort = report.overShortMinor ?? 0;
    expect(overShort).toBeLessThan(0);
    const row = await z.locator('.receipt-row', { has: page.getByTestId('report-over-short') }).innerText();
    expect(row.replace(/\s+/g, ' ')).toBe(`Short ₱${(-overShort / 100).toFixed(2)}`);
  });
});
