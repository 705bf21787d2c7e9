import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { SYNC_WAIT, typeReference, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';
import { saveScreen } from '../support/browser/screens';

/** A scanner is a keyboard: digits, then Enter. */
async function scanWithKeyboard(page: Page, digits: string, sku: string): Promise<void> {
  await page.getByTestId('product-search').focus();
  await page.keyboard.type(digits);
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`).waitFor(UI_WAIT);
}

async function serverSale(rig: CashierRig, localNumber: string) {
  const db = rig.backOffice.store.db;
  const sale = await db.selectFrom('sales').selectAll().where('local_number', '=', localNumber).executeTakeFirstOrThrow();
  const lines = await db.selectFrom('sale_lines').selectAll().where('sale_id', '=', sale.id).orderBy('line_no').execute();
  const payments = await db.selectFrom('sale_payments').selectAll().where('sale_id', '=', sale.id).execute();
  return { sale, lines, payments };
}

describe('a cashier signs in and sells with the keyboard alone', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest(), { signedIn: false });
    page = await rig.openCashierPage();
  });
  afterAll(async () => {
    await page?.close();
    await rig?.close();
  });

  it('signs in with a PIN: a wrong PIN is refused by name, the demo people are listed, the screen names who rings up', async () => {
    await page.getByTestId('sign-in-pin').waitFor(UI_WAIT);
    expect(await page.getByTestId('demo-people').textContent()).toMatch(/Ana Santos \(cashier\): PIN 1111.*Mario Reyes \(manager\): PIN 9999/);
    await saveScreen(page, 'sign-in');
    const logged = page.waitForEvent('console', { predicate: (m) => m.text() === 'refused at the counter: pin_wrong', ...UI_WAIT });
    await page.keyboard.type('4321');
    await page.keyboard.press('Enter');
    // The cashier reads words; the code goes to the diagnostics (the console log), not on screen.
    await waitForText(page, 'sign-in-error', /not on this terminal’s roster/);
    await logged;
    expect(await page.getByTestId('sign-in-error').textContent()).not.toMatch(/pin_wrong/);
    await page.keyboard.type('1111');
    await page.keyboard.press('Enter');
    await waitForText(page, 'signed-in-cashier', /Ana Santos/);
    expect(await rig.core.currentCashier()).toEqual({ code: 'ana', name: 'Ana Santos', role: 'cashier' });
  });

  it('scanner-only sale: barcode digits + Enter, F2, Enter pays the exact amount; the sale carries Ana’s code here and in the back office', async () => {
    await scanWithKeyboard(page, '4800007009732', 'COKE-1_5L');
    await scanWithKeyboard(page, '4800007001224', 'PANCIT-CANTON');
    await scanWithKeyboard(page, '4800007001224', 'PANCIT-CANTON');
    await waitForText(page, 'cart-total', /^₱115\.00$/);
    await saveScreen(page, 'cashier-cart');
    await page.keyboard.press('F2');
    await page.keyboard.press('Enter');
    const localNumber = (await page.getByTestId('receipt-local-number').textContent(UI_WAIT)) ?? '';
    await waitForText(page, 'receipt-invoice-number', /^INV-/, SYNC_WAIT);
    expect(await page.getByTestId('receipt-vat').textContent()).toBe('₱12.32');
    expect(await page.getByTestId('receipt-vatable').textContent()).toBe('₱102.68');
    await saveScreen(page, 'receipt');

    const [local] = await rig.core.listSales({ limit: 1 });
    expect(local).toMatchObject({
      localNumber,
      cashier: 'ana',
      totalMinor: 11_500,
      changeMinor: 0,
      payments: [{ method: 'cash', amountMinor: 11_500 }],
    });
    expect(local?.lines.map((l) => [l.sku, l.qty])).toEqual([
      ['COKE-1_5L', 1],
      ['PANCIT-CANTON', 2],
    ]);
    const server = await serverSale(rig, localNumber);
    expect(server.sale).toMatchObject({ cashier: 'ana', total_minor: 11_500 });
    await page.keyboard.press('Enter');
    await page.getByTestId('product-search').waitFor(UI_WAIT);
  });

  it('search by name, a weighed item typed as 0.750*, then a split tender: card with its slip reference, change from cash only', async () => {
    await page.getByTestId('product-search').focus();
    await page.keyboard.type('sardi');
    await page.locator('[data-testid="product-result"][data-sku="SARDINES-555"]').waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="SARDINES-555"]').waitFor(UI_WAIT);
    await scanWithKeyboard(page, '0.750*2000000000015', 'RICE-LOOSE');
    expect(await page.locator('[data-testid="cart-line"][data-sku="RICE-LOOSE"] [data-testid="cart-line-qty"]').textContent()).toBe('0.750 kg');
    // 24.50 + 0.750 kg x 52.00 = 24.50 + 39.00
    await waitForText(page, 'cart-total', /^₱63\.50$/);

    await page.keyboard.press('F2');
    await page.keyboard.press('k');
    await page.keyboard.type('70');
    await page.keyboard.press('Enter');
    await waitForText(page, 'pay-error', /more than what is still due/);
    await page.getByTestId('cash-tendered').fill('');
    await page.keyboard.type('40');
    await page.keyboard.press('Enter');
    await typeReference(page, '778899');
    await waitForText(page, 'change-due', /^₱23\.50$/);
    await page.keyboard.type('50');
    // Cash typed after a card that covers the rest: the change it gives shows as it is typed, not "Still due" (found by a walk).
    await waitForText(page, 'change-due', /^₱26\.50$/);
    expect(await page.locator('.payment-panel .change span').first().textContent()).toBe('Change due');
    await page.keyboard.press('Enter');
    await waitForText(page, 'receipt-change', /^₱26\.50$/);
    const localNumber = (await page.getByTestId('receipt-local-number').textContent()) ?? '';

    const sale = await rig.core.getSale({ id: localNumber });
    expect(sale).toMatchObject({ totalMinor: 6_350, paidMinor: 9_000, changeMinor: 2_650, cashier: 'ana' });
    expect(sale?.payments).toEqual([
      { method: 'card', amountMinor: 4_000, reference: '778899' },
      { method: 'cash', amountMinor: 5_000 },
    ]);
    expect(sale?.lines.find((l) => l.sku === 'RICE-LOOSE')?.qty).toBe(0.75);
    await waitForText(page, 'receipt-invoice-number', /^INV-/, SYNC_WAIT);
    const server = await serverSale(rig, localNumber);
    expect(server.lines.map((l) => [l.sku, l.qty_milli, l.total_minor])).toEqual([
      ['SARDINES-555', 1000, 2_450],
      ['RICE-LOOSE', 750, 3_900],
    ]);
    expect(server.payments.map((p) => [p.method, p.amount_minor]).sort()).toEqual([
      ['card', 4_000],
      ['cash', 5_000],
    ]);
    expect(await page.getByTestId('receipt-exempt').textContent()).toBe('₱39.00');
  });

  it('loose rice scanned with no weight: the till asks the weight (a wrong one is said), never takes a whole kilo', async () => {
    await page.keyboard.press('Enter');
    await page.getByTestId('product-search').focus();
    await page.keyboard.type('2000000000015');
    await page.keyboard.press('Enter');
    await page.getByTestId('weight-input').waitFor(UI_WAIT);
    expect(await page.getByTestId('weight').textContent()).toContain('Weight of Loose Dinorado Rice (per kg)');
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    for (const [typed, said] of [
      ['abc', /^Type the weight in kg, e\.g\. 0\.750\.$/],
      ['0', /^A weight must be above zero\.$/],
      ['1.2345', /^A weight has at most three decimals/],
    ] as const) {
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
      await waitForText(page, 'weight-error', said);
    }
    await page.keyboard.type('1.250');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="RICE-LOOSE"]').waitFor(UI_WAIT);
    expect(await page.locator('[data-testid="cart-line"][data-sku="RICE-LOOSE"] [data-testid="cart-line-qty"]').textContent()).toBe('1.250 kg');
    // 1.250 kg x 52.00; the scan field has the keys again.
    await waitForText(page, 'cart-total', /^₱65\.00$/);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'product-search', undefined, UI_WAIT);
    // Esc at the weight adds nothing.
    await page.keyboard.type('2000000000015');
    await page.keyboard.press('Enter');
    await page.getByTestId('weight-input').waitFor(UI_WAIT);
    await page.keyboard.press('Escape');
    await page.getByTestId('weight').waitFor({ state: 'detached', ...UI_WAIT });
    expect(await page.locator('[data-testid="cart-line"][data-sku="RICE-LOOSE"] [data-testid="cart-line-qty"]').textContent()).toBe('1.250 kg');
  });
});
