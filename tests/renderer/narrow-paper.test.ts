import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptHtml } from '../../electron/receipt-html';
import type { LocalSale } from '../../terminal/terminal-api';
import { UI_WAIT } from '../support/browser/cashier-page';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';

/** The roll's width in CSS pixels (96 per inch): 58 mm and 80 mm paper. */
const PAPER = { '58 mm': Math.round((58 / 25.4) * 96), '80 mm': Math.round((80 / 25.4) * 96) };

/**
 * Found by a BIR probe: on printed documents an amount must never wrap across lines, on
 * 58 mm paper too (its label wraps instead), and a negative amount carries one minus sign.
 * Each amount cell of a printed document: how many lines its text takes, and whether it
 * stays inside the document and the paper.
 */
async function amountsOf(document: Locator, selector: string) {
  return document.evaluate((root, amountSelector) => {
    const bounds = root.getBoundingClientRect();
    return [...root.querySelectorAll(amountSelector)].map((cell) => {
      const range = cell.ownerDocument.createRange();
      range.selectNodeContents(cell);
      // Lines: the text's boxes, a box more than 4 px below the one before starting a new line (a VAT mark's box sits a pixel lower).
      const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
      const lines = tops.sort((a, b) => a - b).filter((top, i) => i === 0 || top - tops[i - 1]! > 4).length;
      const box = cell.getBoundingClientRect();
      return { text: cell.textContent ?? '', lines, inside: box.right <= bounds.right + 0.5 && bounds.right <= window.innerWidth + 0.5 };
    });
  }, selector);
}

async function onEachPaper(page: Page, document: Locator, selector: string) {
  await page.emulateMedia({ media: 'print' });
  for (const [paper, width] of Object.entries(PAPER)) {
    await page.setViewportSize({ width, height: 1_400 });
    const amounts = await amountsOf(document, selector);
    expect(amounts.length, paper).toBeGreaterThan(3);
    for (const amount of amounts) expect({ paper, ...amount }).toEqual({ paper, text: amount.text, lines: 1, inside: true });
    // One minus sign on a negative amount: never "−−₱12.00", "-(12.00)" or "- -12.00".
    expect(await document.innerText()).not.toMatch(/[−-]\s*[−-]\s*[₱P\d]|[−-]\s*\(|\(\s*[−-]?\s*₱?[\d,]+\.\d\d\s*\)/);
  }
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('printed documents on 58 mm and 80 mm paper', () => {
  let rig: ManagerRig;
  let page: Page;
  let sale: LocalSale;

  beforeAll(async () => {
    rig = await startManagerRig(await buildRendererForTest());
    await rig.core.signIn({ pin: MANAGER_PIN });
    // Rung up before the shift opened: the reading's long "of which rung up before the shift opened" line (found by a walk running off 80 mm).
    const early = await rig.core.openCart();
    await rig.core.pay({
      cartKey: early.cartKey,
      cashier: 'mario',
      lines: [{ sku: 'GUM', name: 'Gum', qty: 1, unitPriceMinor: 500 }],
      payments: [{ method: 'cash', amountMinor: 500 }],
    });
    await rig.core.openShift({ floatMinor: 0, approval: { managerPin: MANAGER_PIN } });
    // A long name with a word longer than the paper, seven-figure amounts, a discount.
    const { cartKey } = await rig.core.openCart();
    sale = await rig.core.pay({
      cartKey,
      cashier: 'mario',
      lines: [
        {
          sku: 'OIL-5L',
          name: 'Extra-virgin-coconut-oil-cold-pressed family size 5 L with pump',
          qty: 1,
          unitPriceMinor: 1_234_567_89,
          discountMinor: 6_172_839,
          taxCode: 'VAT12',
        },
        { sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' },
      ],
      discounts: [{ kind: 'line', amountMinor: 6_172_839 }],
      payments: [{ method: 'cash', amountMinor: 1_200_000_00 }],
    });
    page = await rig.openManagerPage();
    await page.getByTestId('queue-screen').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('the return slip and the X reading: every amount on one line, the labels wrapping instead', async () => {
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-qty-OIL-5L').fill('1');
    await page.getByTestId('refund-reason').fill('leaking pump');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();
    const slip = page.getByTestId('return-slip');
    await slip.waitFor(UI_WAIT);
    await onEachPaper(page, slip, '.amount');

    await page.getByTestId('manager-tab-shift').click();
    await page.getByTestId('shift-x-report').click();
    const reading = page.getByTestId('shift-report-X');
    await reading.waitFor(UI_WAIT);
    // Returns more than the day's net: the deductions and the refund by tender read "−₱…", once.
    expect(await page.getByTestId('report-refunds').textContent()).toBe('−₱1,172,839.50');
    expect(await page.getByTestId('report-sales-before-open').textContent()).toBe('1');
    await onEachPaper(page, reading, '.amount');
    // On 58 mm the long deduction labels wrap, their amounts do not.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: PAPER['58 mm'], height: 1_400 });
    const label = reading.locator('.receipt-row', { has: page.getByTestId('report-discount-senior_citizen_bnpc') }).locator('.label');
    const labelHeight = await label.evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight));
    expect(Math.round(labelHeight)).toBeGreaterThan(1);
    // A label beside words (when and by whom the shift opened) keeps its word whole, on 58 mm too: never "Opene d".
    const opened = reading.locator('.receipt-row', { has: page.getByTestId('report-opened') }).locator('.label');
    expect(
      await opened.evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight)),
    ).toBeLessThan(1.5);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('the sales invoice on screen, and as the desktop prints it', async () => {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(page.url().replace(/#.*$/, '#/'));
    await page.getByTestId('recent-sale').first().click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor(UI_WAIT);
    expect(await receipt.getByTestId('receipt-discount-kind').textContent()).toContain('−₱61,728.39');
    await onEachPaper(page, receipt, '.amount');

    // The desktop's own page (electron/receipt-html.ts), as its hidden window prints it (a page of its own: the web host's CSP is not its).
    const desktop = await rig.browser.newPage();
    await desktop.setContent(receiptHtml(sale, { storeName: 'MAIN', terminalName: 'Counter 1' }));
    expect(await desktop.locator('body').innerText()).toContain('-61,728.39');
    await onEachPaper(desktop, desktop.locator('body'), 'td.amount');
    await desktop.close();
  });
});
