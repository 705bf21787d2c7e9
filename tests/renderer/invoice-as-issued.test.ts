import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { payCash, scan, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';
import { putBusinessProfile, putMachine } from '../support/invoice-profile';
import { waitFor } from '../support/terminal';
import { documentTime } from '../../terminal/invoicing/document-dates';

describe('a reprint in Chromium (a browser on Los Angeles time) after the business changed its details', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest(), { sync: { profileIntervalMs: 300 } });
    const terminalCode = (await rig.core.getStatus()).terminalCode!;
    await putBusinessProfile(rig.backOffice);
    await putMachine(rig.backOffice, terminalCode);
    await waitFor(async () => (await rig.core.invoiceProfile())?.profile.machine !== null, 'the profile');
    // A browser on another time zone than the business's (Asia/Manila, the default): the invoice's date is the business's.
    page = await rig.browser.newPage({ viewport: { width: 1280, height: 860 }, timezoneId: 'America/Los_Angeles' });
    await page.goto(rig.url);
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await page?.close();
    await rig?.close();
  });

  it('the receipt reopened from F5 shows the seller as the invoice was issued; the next sale shows the new details', async () => {
    await scan(page, '4800007001965', 'SARDINES-555');
    const first = await payCash(page, '50');
    const head = () => page.getByTestId('receipt-issuer').innerText();
    expect(await head()).toContain('VAT REG TIN 123-456-789-00000');
    const sold = (await rig.core.getSale({ id: first }))!;
    expect(await page.getByTestId('receipt-date').textContent()).toBe(documentTime(sold.occurredAt, 'Asia/Manila'));
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
    await page.getByTestId('next-customer').click();

    await putBusinessProfile(rig.backOffice, { registeredName: 'Dela Cruz Holdings Inc.', tin: '987-654-321-00002', vatRegistered: false });
    await putMachine(rig.backOffice, (await rig.core.getStatus()).terminalCode!, { permitNumber: 'FP112026-116-0999999-00000' });
    await waitFor(async () => (await rig.core.invoiceProfile())?.profile.business?.registeredName === 'Dela Cruz Holdings Inc.', 'the new profile');
    // The screens read the new profile (a reload, as after a restart of the till).
    await page.reload();
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);

    await page.keyboard.press('F5');
    await page.getByTestId('recent-sale').first().click();
    await waitForText(page, 'receipt-local-number', new RegExp(`^${first}$`));
    const reprinted = await head();
    expect(reprinted).toContain('Dela Cruz Trading Corp.');
    expect(reprinted).toContain('VAT REG TIN 123-456-789-00000');
    expect(reprinted).toContain('PTU No. FP032024-116-0123456-00000');
    expect(reprinted).not.toContain('Holdings');
    expect(await page.getByTestId('receipt-tax').count()).toBe(1);
    await page.getByTestId('next-customer').click();

    await scan(page, '4800007001965', 'SARDINES-555');
    await payCash(page, '50');
    const next = await head();
    expect(next).toContain('Dela Cruz Holdings Inc.');
    expect(next).toContain('NON-VAT REG TIN 987-654-321-00002');
    expect(next).toContain('PTU No. FP112026-116-0999999-00000');
  });
});
