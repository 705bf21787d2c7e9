import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSale } from '../../terminal/terminal-api';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { payCash, scan, SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';

async function serverSalesWithReceipt(rig: CashierRig, localNumber: string): Promise<number> {
  const rows = await rig.backOffice.store.db.selectFrom('sales').select('id').where('local_number', '=', localNumber).execute();
  return rows.length;
}

describe('a sale is paid once, whatever the cashier or the browser does', () => {
  let rig: CashierRig;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest());
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('double-clicking Pay records one sale, here and in the back office', async () => {
    const page = await rig.openCashierPage();
    await scan(page, 'coca', 'COKE-1_5L');
    await page.getByTestId('cash-tendered').fill('100');
    await page.getByTestId('pay-button').dblclick();
    const localNumber = (await page.getByTestId('receipt-local-number').textContent(UI_WAIT)) ?? '';
    await waitForText(page, 'receipt-invoice-number', /^INV-/, SYNC_WAIT);

    const local = (await rig.core.listSales({ limit: 50 })).filter((s) => s.localNumber === localNumber);
    expect(local).toHaveLength(1);
    expect(await rig.core.listSales({ limit: 50 })).toHaveLength(1);
    expect(await serverSalesWithReceipt(rig, localNumber)).toBe(1);
    await page.close();
  });

  it('a reload keeps the cart being rung up, and paying it afterwards is still one sale', async () => {
    const page = await rig.openCashierPage();
    await scan(page, 'sardines', 'SARDINES-555');
    await page.getByTestId('qty-more').click();
    await waitForText(page, 'cart-line-qty', /^2$/);
    await page.reload();
    await page.locator('[data-testid="cart-line"][data-sku="SARDINES-555"]').waitFor(UI_WAIT);
    expect(await page.getByTestId('cart-line-qty').textContent()).toBe('2');
    expect(await page.getByTestId('cart-total').textContent()).toBe('₱49.00');

    const localNumber = await payCash(page, '50');
    expect(await page.getByTestId('receipt-change').textContent()).toBe('₱1.00');
    await waitForText(page, 'receipt-invoice-number', /^INV-/, SYNC_WAIT);
    expect(await serverSalesWithReceipt(rig, localNumber)).toBe(1);
    await page.close();
  });

  it('the same cart key paid twice at once through the web host gives back one sale', async () => {
    const post = async (method: string, body: unknown) => {
      const response = await fetch(`${rig.url}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return response.json() as Promise<unknown>;
    };
    const { cartKey } = (await post('openCart', {})) as { cartKey: string };
    const payment = {
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'PANCIT-CANTON', qty: 3, unitPriceMinor: 1_500 }],
      payments: [{ method: 'cash', amountMinor: 5_000 }],
    };
    const [first, second] = (await Promise.all([post('pay', payment), post('pay', payment)])) as LocalSale[];
    expect(second?.id).toBe(first?.id);
    expect(second?.localNumber).toBe(first?.localNumber);
    expect(first?.changeMinor).toBe(500);
    await expect.poll(() => serverSalesWithReceipt(rig, first?.localNumber ?? ''), SYNC_WAIT).toBe(1);
    expect((await rig.core.listSales({ limit: 50 })).filter((s) => s.cartKey === cartKey)).toHaveLength(1);
  });
});
