import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';

/**
 * Found by a keyboard-only probe (PROBE-FINDINGS.md, finding 8): refusals that said
 * "That did not work.", or nothing at all, where the screen knew what was wrong.
 */
describe('every refusal says what is wrong', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startManagerRig(await buildRendererForTest());
    await rig.core.signOut();
    page = await rig.openManagerPage();
    await page.goto(page.url().replace(/#.*$/, ''));
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a PIN too short at sign-in is said, in place of the last refusal', async () => {
    await page.getByTestId('sign-in-pin').waitFor(UI_WAIT);
    await page.keyboard.type('4321');
    await page.keyboard.press('Enter');
    await waitForText(page, 'sign-in-error', /not on this terminal’s roster/);
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await waitForText(page, 'sign-in-error', /^A PIN is 4 to 8 digits\.$/);
    await page.getByTestId('sign-in-pin').fill(MANAGER_PIN);
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    await page.goto(`${page.url().replace(/#.*$/, '')}#/manager`);
    await page.getByTestId('queue-screen').waitFor(UI_WAIT);
  });

  it('a queue void with a reason too short, or no PIN, says which; nothing is voided', async () => {
    const { cartKey } = await rig.core.openCart();
    rig.faults.refuseKey(cartKey, { status: 400, code: 'validation_failed', detail: 'Refused for the test.' });
    const sale = await rig.core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'cash', amountMinor: 2_450 }],
    });
    const row = page.locator(`[data-testid="queue-row"][data-document="${sale.localNumber}"][data-state="needs_attention"]`);
    await row.getByTestId('queue-void').click({ timeout: 60_000 });
    await page.getByTestId('void-reason').fill('no');
    await page.getByTestId('void-reason').press('Enter');
    await waitForText(page, 'void-error', /^Type why it is voided, in 3 characters or more: it is kept with the entry\.$/);
    await page.getByTestId('void-reason').fill('customer left');
    await page.getByTestId('void-reason').press('Enter');
    await waitForText(page, 'void-error', /^The manager’s PIN: A PIN is 4 to 8 digits\.$/);
    expect(await page.getByText('That did not work.').count()).toBe(0);
    // A cashier's PIN is the core's refusal; a reason made too short after it is the form's: one message at a time.
    await page.getByTestId('void-pin').fill('1111');
    await page.getByTestId('void-reason').press('Enter');
    await page.getByTestId('queue-error').waitFor(UI_WAIT);
    await page.getByTestId('void-reason').fill('no');
    await page.getByTestId('void-reason').press('Enter');
    await waitForText(page, 'void-error', /^Type why it is voided, in 3 characters or more/);
    expect(await page.getByTestId('queue-error').count()).toBe(0);
    expect((await rig.core.queueItems({ state: 'voided' })).length).toBe(0);
  });

  it('a refund reason of 2 characters is refused as a queue void’s is; a line’s refusal goes once the line is mended', async () => {
    const sale = await rig.sell();
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-lookup').press('Enter');
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    await page.getByTestId('refund-qty-SARDINES-555').fill('5');
    await page.getByTestId('refund-reason').fill('ab');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-pin').press('Enter');
    await waitForText(page, 'refund-error', /at most 2 can be given back/);
    await page.getByTestId('refund-qty-SARDINES-555').fill('1');
    expect(await page.getByTestId('refund-error').count()).toBe(0);
    await page.getByTestId('refund-pin').press('Enter');
    await waitForText(page, 'refund-error', /^Type the reason the items come back, in 3 characters or more: it is printed on the return slip\.$/);
    expect((await rig.core.lookupReceipt({ number: sale.localNumber }))?.refunds).toEqual([]);
  });

  it('a float that is no amount marks its field invalid, pointing at the reason', async () => {
    await page.getByTestId('manager-tab-shift').click();
    const float = page.getByTestId('shift-float');
    await float.fill('abc');
    await page.getByTestId('shift-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-pin').press('Enter');
    await waitForText(page, 'shift-error', /^Type the float as an amount/);
    expect(await float.getAttribute('aria-invalid')).toBe('true');
    expect(await float.getAttribute('aria-describedby')).toBe(await page.getByTestId('shift-error').getAttribute('id'));
    await float.fill('1000');
    expect(await float.getAttribute('aria-invalid')).toBe(null);
  });

  it('Close anyway with no reason says the reason is missing', async () => {
    await rig.plug.down();
    await rig.sell();
    await page.getByTestId('shift-float').fill('1000');
    await page.getByTestId('shift-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-pin').press('Enter');
    await page.getByTestId('shift-close-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-close-pin').press('Enter');
    await page.getByTestId('z-confirm-yes').click();
    await page.getByTestId('shift-override-reason').waitFor(UI_WAIT);
    // The warning's reason field has the focus: typed at once.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'shift-override-reason', undefined, UI_WAIT);
    await page.getByTestId('shift-close-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-close-pin').press('Enter');
    await waitForText(page, 'shift-error', /^Type why the shift closes with documents not yet at the back office: the Z reading records it\.$/);
    // The warning reads apart from its field's label.
    expect(await page.getByTestId('shift-unsynced-warning').textContent()).not.toMatch(/Close anyway because/);
    expect(await rig.core.currentShift()).not.toBeNull();
  });

  it('found by a walk: a close with another shift to follow, its reason typed and Enter, closes with the X it chose, asking for no Z', async () => {
    await page.getByTestId('shift-close-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-close-only').click();
    await page.getByTestId('shift-override-reason').fill('the line is down');
    await page.getByTestId('shift-close-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-override-reason').press('Enter');
    await page.getByTestId('shift-report-X').waitFor(UI_WAIT);
    expect(await page.getByTestId('z-confirm').count()).toBe(0);
    expect(await rig.core.currentShift()).toBeNull();
  });
});
