import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';
import { scanByKeys, UI_WAIT, waitForText } from '../support/browser/cashier-page';

describe('selling with no shift open', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => ({ rig, page } = await openSignedInTill()));
  afterAll(() => closeTill(rig, page));

  it('the counter says no shift is open; the sale goes into the next shift a manager opens, and the notice goes away', async () => {
    await waitForText(page, 'no-shift-notice', /No shift open/);
    await scanByKeys(page, '4800007001224', 'PANCIT-CANTON');
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    const localNumber = (await page.getByTestId('receipt-local-number').textContent(UI_WAIT)) ?? '';
    await waitForText(page, 'no-shift-notice', /No shift open/);

    const shift = await rig.core.openShift({ floatMinor: 100_000, approval: { managerPin: '9999' } });
    const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
    const shiftOfSale = db.prepare('SELECT shift_id FROM sales WHERE local_number = ?').pluck().get(localNumber);
    db.close();
    expect(shiftOfSale).toBe(shift.id);
    expect(await rig.core.shiftReport({})).toMatchObject({ salesCount: 1, salesBeforeOpenCount: 1, firstReceiptNumber: localNumber });

    // The notice reads the shift again with each status push (the sale's sync may bring one at
    // any moment) and each receipt: after the next sale at the latest, it is gone.
    await page.keyboard.press('Enter');
    await scanByKeys(page, '4800007001224', 'PANCIT-CANTON');
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-local-number').waitFor(UI_WAIT);
    await page.getByTestId('no-shift-notice').waitFor({ state: 'detached', ...UI_WAIT });
  });
});
