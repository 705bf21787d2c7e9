import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdCart, scan, storedCart, typeReference, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, tillRows, type CashierRig } from '../support/browser/cashier-rig';
import { waitFor } from '../support/terminal';

const COKE = '4800007009732';
const PANCIT = '4800007001224';
const SARDINES = '4800007001965';

/** What the till stored: every sale, with its cash and change. */
const storedSales = (rig: CashierRig) =>
  tillRows<{ local_number: string; change_minor: number }>(rig, 'SELECT local_number, change_minor FROM sales ORDER BY seq');

/** The test id of the element that has the keyboard ('' for none, BODY). */
const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');

/** A keyboard-wedge scanner: the digits as fast as keys go, then Enter, into whatever has the focus. */
async function scanHere(page: Page, digits: string): Promise<void> {
  await page.keyboard.type(digits);
  await page.keyboard.press('Enter');
}

const cartSkus = async (page: Page) => (await storedCart(page))?.lines?.map((l) => l.sku) ?? [];

/** Found by a keyboard-only probe (PROBE-FINDINGS.md, findings 1 to 6): a scanner's digits and Enter land wherever the focus is. */
describe('a scanner at the counter never pays, swaps or loses a cart', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openSignedInTill());
  });
  afterAll(() => closeTill(rig, page));

  it('a 13-digit barcode in the amount field is refused as it is typed, and its Enter rings the product up instead of taking cash', async () => {
    await scan(page, COKE, 'COKE-1_5L');
    await page.keyboard.press('F2');
    await page.keyboard.type(PANCIT);
    // Refused as typed: no absurd change shows meanwhile.
    await waitForText(page, 'pay-error', /more than a till can take/);
    expect(await page.getByTestId('change-due').textContent()).toBe('—');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor(UI_WAIT);
    await waitForText(page, 'pay-notice', /Lucky Me! Pancit Canton 60 g .*rung up, not taken as cash/);
    expect(await page.getByTestId('cash-tendered').inputValue()).toBe('');
    expect(await focusedTestId(page)).toBe('product-search');
    expect(await cartSkus(page)).toEqual(['COKE-1_5L', 'PANCIT-CANTON']);
    expect((await storedCart(page))?.tenders ?? []).toEqual([]);
    expect(storedSales(rig)).toEqual([]);
  });

  it('an EAN-8 no product has, scanned into the amount field, is refused as a scan: no sale, no tender', async () => {
    await page.keyboard.press('F2');
    await scanHere(page, '96385074');
    await waitForText(page, 'pay-error', /“96385074” came in as fast as a scanner types/);
    expect(await page.getByTestId('receipt').count()).toBe(0);
    expect((await storedCart(page))?.tenders ?? []).toEqual([]);
    expect(storedSales(rig)).toEqual([]);
  });

  it('cash whose change reaches ₱1,000 waits for Ctrl+Enter: a scanner’s Enter (or the cashier’s) does not take it', async () => {
    // ₱100.00 due (Coke 85 + Pancit 15). Typed slowly, by hand: it is not a scan, but the change is implausible.
    await page.getByTestId('cash-tendered').fill('96385074');
    await page.getByTestId('cash-tendered').press('Enter');
    await waitForText(page, 'pay-error', /change of ₱96,384,974\.00.*Ctrl\+Enter/);
    await page.getByTestId('cash-tendered').press('Enter');
    expect(await page.getByTestId('receipt').count()).toBe(0);
    expect(storedSales(rig)).toEqual([]);
    // The customer really handed over ₱2,000 for ₱100.00: the cashier confirms deliberately.
    await page.getByTestId('cash-tendered').fill('2000');
    await page.getByTestId('cash-tendered').press('Enter');
    await waitForText(page, 'pay-error', /change of ₱1,900\.00/);
    await page.getByTestId('cash-tendered').press('Control+Enter');
    await waitForText(page, 'receipt-change', /^₱1,900\.00$/);
    expect(storedSales(rig)).toEqual([expect.objectContaining({ change_minor: 190_000 })]);
  });

  it('digits scanned while the receipt shows start the next customer and ring the item up', async () => {
    expect(await focusedTestId(page)).toBe('next-customer');
    await scanHere(page, SARDINES);
    await page.locator('[data-testid="cart-line"][data-sku="SARDINES-555"]').waitFor(UI_WAIT);
    expect(await page.getByTestId('receipt').count()).toBe(0);
    expect(await cartSkus(page)).toEqual(['SARDINES-555']);
  });

  it('a product scanned into the amount field after a tender was taken is refused by name, with how to add it; the tender stays', async () => {
    await page.keyboard.press('F2');
    await page.keyboard.press('o');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await typeReference(page, 'GCASH-1');
    await page.getByTestId('tender-line').waitFor(UI_WAIT);
    await scanHere(page, COKE);
    await waitForText(page, 'pay-error', /Coca-Cola 1\.5 L.*not an amount.*Esc/);
    expect(await cartSkus(page)).toEqual(['SARDINES-555']);
    expect((await storedCart(page))?.tenders).toEqual([{ method: 'other', amountMinor: 1_000, reference: 'GCASH-1' }]);
  });

  it('Esc in the amount field goes back to scanning; the tender taken stays', async () => {
    await page.getByTestId('cash-tendered').focus();
    await page.keyboard.press('Escape');
    expect(await focusedTestId(page)).toBe('product-search');
    await scanHere(page, PANCIT);
    await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor(UI_WAIT);
    expect((await storedCart(page))?.tenders).toHaveLength(1);
  });

  it('found by a walk: Esc in a card slip reference drops the card being typed, back to scanning; F2 finds cash and an empty amount', async () => {
    await page.keyboard.press('F2');
    await page.keyboard.type('50');
    await page.keyboard.press('k');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'tender-reference', undefined, UI_WAIT);
    await page.keyboard.type('SLIP-7');
    await page.keyboard.press('Escape');
    expect(await focusedTestId(page)).toBe('product-search');
    await page.keyboard.press('F2');
    expect(await focusedTestId(page)).toBe('cash-tendered');
    expect(await page.getByTestId('cash-tendered').inputValue()).toBe('');
    expect(await page.getByTestId('tender-cash').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('tender-reference').count()).toBe(0);
    // The tender taken before stays; nothing of the card was taken.
    expect((await storedCart(page))?.tenders).toEqual([{ method: 'other', amountMinor: 1_000, reference: 'GCASH-1' }]);
    await page.keyboard.press('Escape');
    expect(await focusedTestId(page)).toBe('product-search');
  });

  it('a tender removed with the keyboard gives the scan field the focus', async () => {
    await page.getByRole('button', { name: /Remove .*tender/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('tender-line').waitFor({ state: 'detached', ...UI_WAIT });
    expect(await focusedTestId(page)).toBe('product-search');
  });

  it('a scan while the held carts are open recalls nothing: the cart on the counter stays, and the screen says why', async () => {
    await holdCart(page);
    await scan(page, COKE, 'COKE-1_5L');
    await page.keyboard.press('F7');
    await page.getByTestId('held-cart').first().waitFor(UI_WAIT);
    await scanHere(page, PANCIT);
    await waitForText(page, 'held-carts-error', /scanned while the held carts were open: nothing was recalled/);
    expect(await cartSkus(page)).toEqual(['COKE-1_5L']);
    await page.keyboard.press('Escape');
    await page.getByTestId('held-carts').waitFor({ state: 'detached', ...UI_WAIT });
    expect(await cartSkus(page)).toEqual(['COKE-1_5L']);
    // Recalled on purpose (F7, Enter), the cart it replaces is held, and the counter says so.
    await page.keyboard.press('F7');
    await page.getByTestId('held-cart').first().waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
    await waitForText(page, 'counter-notice', /The cart that was on the counter \(1 item\) is held: F7 brings it back/);
    expect(await cartSkus(page)).toEqual(['SARDINES-555', 'PANCIT-CANTON']);
    await holdCart(page);
    await page.keyboard.press('F7');
    await page.getByTestId('held-cart').first().waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="COKE-1_5L"]').waitFor(UI_WAIT);
  });

  it('F5 then Esc goes back to the scan field; Enter on a sale with a cart on the counter says why it does not open', async () => {
    await page.keyboard.press('F5');
    expect(await focusedTestId(page)).toBe('recent-sale');
    await page.keyboard.press('Escape');
    expect(await focusedTestId(page)).toBe('product-search');
    await page.keyboard.press('F5');
    await page.keyboard.press('Enter');
    await waitForText(page, 'pay-error', /Finish, hold \(F6\) or void \(F9\) the cart on the counter first/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('F9');
    await page.getByTestId('approval-input').waitFor(UI_WAIT);
    await page.keyboard.type('9999');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('cart-line')
      .first()
      .waitFor({ state: 'detached', ...UI_WAIT });
    // The sale asked for earlier does not show up by itself once the counter is empty.
    expect(await page.getByTestId('receipt').count()).toBe(0);
  });

  it('F5, Enter on another sale while a receipt is open: the new receipt has the keys, and P prints it', async () => {
    await scan(page, COKE, 'COKE-1_5L');
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor(UI_WAIT);
    // What each print put on paper: the receipt's text when the print dialog opens.
    await page.evaluate(() => {
      const papers: string[] = [];
      (window as unknown as { papers: string[] }).papers = papers;
      window.print = () => void papers.push(document.querySelector('.printable-receipt')?.textContent ?? '');
    });
    const papers = () => page.evaluate(() => (window as unknown as { papers: string[] }).papers);
    await page.keyboard.press('F5');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitForText(page, 'receipt-local-number', /000001$/);
    expect(await focusedTestId(page)).toBe('next-customer');
    await page.keyboard.press('p');
    await waitFor(async () => (await papers()).length === 1, 'the receipt printed');
    // Found by a BIR probe: in the browser a reprint's paper looked like the original. The second P is marked on paper.
    await page.keyboard.press('p');
    await waitFor(async () => (await papers()).length === 2, 'the receipt printed again');
    const [original, reprint] = await papers();
    expect(original).toContain('SALES INVOICE');
    expect(original).not.toContain('REPRINT');
    expect(reprint).toMatch(/^\*\*\* REPRINT \*\*\* \S/);
    expect(reprint!.endsWith(original!)).toBe(true);
    const journaled = tillRows<{ document_number: string; reprint: number }>(
      rig,
      "SELECT document_number, reprint FROM journal WHERE kind = 'sale' AND document_number LIKE '%000001'",
    );
    expect(journaled.map((row) => row.reprint)).toEqual([0, 1]);
  });
});
