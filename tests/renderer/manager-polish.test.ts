import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { MANAGER_PIN, openManagerDesk, type ManagerRig } from '../support/browser/manager-rig';
import { waitFor } from '../support/terminal';

describe('the walk’s polish at the manager’s desk, in Chromium', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openManagerDesk());
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('"Needs attention 0" is not in red; a count above zero is', async () => {
    await waitForText(page, 'queue-count-needs_attention', /^0$/);
    const colour = () => page.getByTestId('queue-count-needs_attention').evaluate((e) => getComputedStyle(e).color);
    const plain = await page.getByTestId('queue-count-pending').evaluate((e) => getComputedStyle(e).color);
    expect(await colour()).toBe(plain);
    const refused = await rig.sell();
    rig.faults.refuseKey(refused.cartKey, { status: 400, code: 'validation_failed', detail: 'Refused for the test.' });
    await waitForText(page, 'queue-count-needs_attention', /^1$/, { timeout: 60_000 });
    expect(await colour()).not.toBe(plain);
  });

  it('a refund shows what it gives back before it is committed, and the money can go back to the card; the slip says so with its VAT', async () => {
    const { cartKey } = await rig.core.openCart();
    const sale = await rig.core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 3, unitPriceMinor: 2_450, taxCode: 'VAT12', discountMinor: 100 }],
      payments: [
        { method: 'card', amountMinor: 5_000, reference: 'AUTH9' },
        { method: 'cash', amountMinor: 3_000 },
      ],
    });
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    // Found by a walk: how the sale was paid is in sight where the manager chooses how the money goes back.
    expect(await page.getByTestId('refund-paid-with').textContent()).toBe('Paid: Card ₱50.00 · Cash ₱30.00 (change ₱7.50).');
    // Paid partly by card: back the way it was paid unless the manager chooses cash.
    expect(await page.getByTestId('refund-money-back-original').isChecked()).toBe(true);
    expect(await page.getByTestId('refund-preview').textContent()).toBe('₱0.00');
    // As a manager does it: a click into the box, then the digit (a "0" left in the box made it 20).
    await page.getByTestId('refund-qty-SARDINES-555').click();
    await page.keyboard.type('2');
    expect(await page.getByTestId('refund-qty-SARDINES-555').inputValue()).toBe('2');
    // Two of three at 72.50 for the three: 48.33, by the rule the core commits.
    await waitForText(page, 'refund-preview', /^₱48\.33$/);
    await page.getByTestId('refund-money-back-original').check();
    await page.getByTestId('refund-reason').fill('dented');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();
    await page.getByTestId('return-slip').waitFor(UI_WAIT);
    expect(await page.getByTestId('return-total').textContent()).toBe('₱48.33');
    expect(await page.getByTestId('return-tender').textContent()).toBe('Back to the card');
    expect(await page.getByTestId('return-sale-number').textContent()).toBe(sale.localNumber);
    expect(await page.getByTestId('return-vat').textContent()).toBe('₱5.18');
    const stored = (await rig.core.lookupReceipt({ number: sale.localNumber }))?.refunds[0];
    expect(stored).toMatchObject({ totalMinor: 4_833, tender: 'card', vat: { vatMinor: 518, vatableMinor: 4_315 } });
  });

  it('a refund of 1.5 of something sold by the piece is refused on screen before the PIN is spent; 1 of them is given back', async () => {
    const answer = await rig.backOffice.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/SARDINES-555',
      headers: rig.backOffice.adminHeaders(),
      payload: { businessCode: 'MAIN', name: '555 Sardines 155 g', priceMinor: 2_450, taxCode: 'VAT12', soldBy: 'piece' },
    });
    expect(answer.statusCode).toBe(200);
    await waitFor(async () => (await rig.core.searchProducts({ query: 'SARDINES-555' }))[0]?.soldBy === 'piece', 'the till to pull the catalog');
    const sale = await rig.sell([{ sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 3, unitPriceMinor: 2_450, taxCode: 'VAT12' }]);
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    await page.getByTestId('refund-qty-SARDINES-555').fill('1.5');
    // Said on the line as it is typed, and no money is shown for it (a walk saw ₱36.75 for 1.5 cans).
    await waitForText(page, 'refund-qty-problem-SARDINES-555', /^Whole quantities only: it is sold by the piece\.$/);
    expect(await page.getByTestId('refund-preview').count()).toBe(0);
    await waitForText(page, 'refund-preview-blocked', /^Gives back nothing yet: mend the quantity marked above\.$/);
    await page.getByTestId('refund-reason').fill('one dented');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();
    await waitForText(page, 'refund-error', /^555 Sardines 155 g: whole quantities only: it is sold by the piece\.$/);
    expect((await rig.core.lookupReceipt({ number: sale.localNumber }))?.refunds).toEqual([]);

    // More than was sold: said by the line, nothing stored.
    const field = page.getByTestId('refund-qty-SARDINES-555');
    await field.fill('');
    const unrefused = await field.boundingBox();
    await field.fill('7');
    await waitForText(page, 'refund-qty-problem-SARDINES-555', /^At most 3 can be given back \(3 sold, 0 refunded before\)\.$/);
    // Said under the field, which stays where it was (found by a walk at 1024x768: the table jumped sideways).
    const refused = await field.boundingBox();
    const problemBox = await page.getByTestId('refund-qty-problem-SARDINES-555').boundingBox();
    expect(Math.abs(refused!.x - unrefused!.x)).toBeLessThan(2);
    expect(problemBox!.y).toBeGreaterThanOrEqual(refused!.y + refused!.height - 1);
    await page.getByTestId('refund-qty-SARDINES-555').fill('-1');
    await waitForText(page, 'refund-qty-problem-SARDINES-555', /^A quantity cannot be below zero\.$/);
    await page.getByTestId('refund-qty-SARDINES-555').fill('7');
    await page.getByTestId('refund-submit').click();
    await waitForText(page, 'refund-error', /^555 Sardines 155 g: at most 3 can be given back \(3 sold, 0 refunded before\)\.$/);
    expect((await rig.core.lookupReceipt({ number: sale.localNumber }))?.refunds).toEqual([]);

    await page.getByTestId('refund-qty-SARDINES-555').fill('1');
    expect(await page.getByTestId('refund-qty-problem-SARDINES-555').count()).toBe(0);
    await waitForText(page, 'refund-preview', /^₱24\.50$/);
    await page.getByTestId('refund-submit').click();
    await page.getByTestId('return-slip').waitFor(UI_WAIT);
    expect(await page.getByTestId('return-total').textContent()).toBe('₱24.50');
    const refunds = (await rig.core.lookupReceipt({ number: sale.localNumber }))?.refunds;
    expect(refunds).toHaveLength(1);
    expect(refunds?.[0]).toMatchObject({ totalMinor: 2_450 });
  });
});
