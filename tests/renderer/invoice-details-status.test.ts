import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';
import { putBusinessProfile, putMachine } from '../support/invoice-profile';

describe('a till in Chromium that cannot issue a complete sales invoice', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    // The catalog's loop an hour away: whatever reaches the till here comes by the profile's own pull.
    rig = await startCashierRig(await buildRendererForTest(), { sync: { catalogIntervalMs: 3_600_000, profileIntervalMs: 300 } });
    page = await rig.openCashierPage();
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await page?.close();
    await rig?.close();
  });

  it('the status bar names what the back office has not set, in words; each fix there reaches it without a restart, and the warning goes', async () => {
    const warning = page.getByTestId('status-invoice-details');
    expect(await waitForText(page, 'status-invoice-details', /^Invoice details missing: /)).toBe(
      "Invoice details missing: registered name, TIN, business address, MIN, serial number, PTU No. and date issued, POS supplier's name, TIN and accreditation",
    );
    expect(await warning.getAttribute('title')).toMatch(/A manager sets them in the back office/);

    // A manager sets the business's registration in the back office: what is left is the machine's.
    await putBusinessProfile(rig.backOffice);
    expect(
      await waitForText(page, 'status-invoice-details', /^Invoice details missing: MIN, serial number, PTU No\. and date issued$/, SYNC_WAIT),
    ).toBeTruthy();

    // Then the till's MIN, serial number and PTU: nothing is missing, and the bar says nothing of it.
    const terminalCode = (await rig.core.getStatus()).terminalCode!;
    await putMachine(rig.backOffice, terminalCode);
    await warning.waitFor({ state: 'detached', ...SYNC_WAIT });
    expect((await rig.core.getStatus()).invoiceDetailsMissing).toEqual([]);
    expect(await page.getByTestId('status-connection').textContent()).toBe('Online');
  });
});
